// The dock layout and window geometry survive a restart (QSettings), bad saved data is ignored,
// and Reset Layout brings every panel back.
#include "TestSettings.h"
#include "ui/MainWindow.h"

#include <QDockWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace gwb::ui;

class TestLayout : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;

    static QDockWidget* dock(MainWindow& w, const char* name)
    {
        return w.findChild<QDockWidget*>(QLatin1String(name));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        gwb::test::isolateSettings(m_settings.path(), QStringLiteral("test_layout"));
    }

    void init() { QSettings().clear(); }

    void roundTripsThroughSettings()
    {
        {
            MainWindow first;
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.resize(1111, 777);
            dock(first, "modelDock")->hide();
            first.addDockWidget(Qt::BottomDockWidgetArea, dock(first, "outputDock"));
            QCOMPARE(first.dockWidgetArea(dock(first, "outputDock")), Qt::BottomDockWidgetArea);
            first.close(); // saves on close
        }
        QVERIFY(QSettings().contains("window/state"));

        MainWindow second;
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QVERIFY(dock(second, "modelDock")->isHidden());
        QVERIFY(!dock(second, "promptDock")->isHidden());
        QCOMPARE(second.dockWidgetArea(dock(second, "outputDock")), Qt::BottomDockWidgetArea);
        QCOMPARE(second.size(), QSize(1111, 777));
    }

    void withoutSavedLayoutTheDefaultIsUsed()
    {
        MainWindow w;
        QVERIFY(!w.restoreLayout());
        QCOMPARE(w.dockWidgetArea(dock(w, "outputDock")), Qt::LeftDockWidgetArea);
    }

    void ignoresCorruptOrOldLayouts()
    {
        QSettings settings;
        settings.setValue("window/layoutVersion", 1);
        settings.setValue("window/state", QByteArray("definitely not a QMainWindow state"));
        settings.setValue("window/geometry", QByteArray("\x01\x02\x03", 3));
        settings.sync();
        MainWindow w;
        QVERIFY(!w.restoreLayout());
        for (QDockWidget* d : w.findChildren<QDockWidget*>())
            QVERIFY(!d->isHidden());

        settings.setValue("window/layoutVersion", 0); // an older app's layout
        QVERIFY(!w.restoreLayout());
    }

    void resetBringsPanelsBack()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        dock(w, "imageDock")->hide();
        dock(w, "audioDock")->setFloating(true);
        w.addDockWidget(Qt::RightDockWidgetArea, dock(w, "promptDock"));
        w.resetLayout();
        for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
            QVERIFY2(!d->isHidden(), qPrintable(d->objectName()));
            QVERIFY(!d->isFloating());
            QCOMPARE(w.dockWidgetArea(d), Qt::LeftDockWidgetArea);
        }
        // Image and Video share one tab group.
        QVERIFY(w.tabifiedDockWidgets(dock(w, "imageDock")).contains(dock(w, "videoDock")));
    }
};

QTEST_MAIN(TestLayout)
#include "test_layout.moc"
