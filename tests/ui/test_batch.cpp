// The batch queue with the tiny real checkpoint on lavapipe: three images dropped on the Batch
// panel are captioned one at a time, each result is on disk as soon as its item finishes (written
// through a temporary file, so no partial or temporary file is ever left), and Cancel stops a
// running batch without writing the stopped item.
#include "TestWindow.h"
#include "DropEvents.h"
#include "EngineTestSupport.h"
#include "ui/MainWindow.h"
#include "ui/batch/BatchPanel.h"
#include "ui/batch/BatchQueue.h"
#include "ui/engine/EngineState.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/PromptPanel.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace gwb::ui;
namespace t = gwb::test;
using Phase = EngineState::Phase;
using ItemState = BatchQueue::ItemState;

class TestBatch : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_in;
    QTemporaryDir m_out;
    std::unique_ptr<MainWindow> m_window;

    Phase phase() const { return m_window->engineState().phase(); }
    BatchPanel* panel() const { return m_window->batchPanel(); }
    BatchQueue* queue() const { return panel()->queue(); }

    QStringList copies(const QString& prefix, int count)
    {
        QStringList out;
        for (int i = 0; i < count; ++i) {
            const QString path = QDir(m_in.path()).filePath(QStringLiteral("%1%2.png").arg(prefix).arg(i + 1));
            if (!QFile::copy(t::tinyModelDir() + QStringLiteral("/image.png"), path))
                return {};
            out << path;
        }
        return out;
    }

    void selectCaption()
    {
        QComboBox* task = panel()->taskPicker();
        task->setCurrentIndex(task->findData(int(TaskId::Caption)));
        QCOMPARE(TaskId(task->currentData().toInt()), TaskId::Caption);
    }

private slots:
    void initTestCase()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Vulkan validation")));
        QVERIFY(m_settings.isValid() && m_in.isValid() && m_out.isValid());
        m_window = t::openTestWindow(m_settings.path(), QStringLiteral("test_batch"));
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(t::loadTinyModel(*m_window), QString());
        // Short answers and the smallest image budget keep each item to a few seconds.
        PromptPanel* prompt = m_window->promptPanel();
        prompt->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(16);
        auto* budget = prompt->findChild<QComboBox*>(QStringLiteral("imageBudget"));
        budget->setCurrentIndex(budget->findData(70));
    }

    void cleanupTestCase() { m_window.reset(); }

    void threeFilesCompleteAndWriteThreeResults()
    {
        const QStringList files = copies(QStringLiteral("photo"), 3);
        QCOMPARE(files.size(), 3);
        // Dropped on the Batch panel, the files join the queue instead of opening in the panels.
        const int promptMediaBefore = m_window->promptPanel()->mediaCount();
        QVERIFY(t::dropUrls(panel()->table()->viewport(),
                            {QUrl::fromLocalFile(files[0]), QUrl::fromLocalFile(files[1]), QUrl::fromLocalFile(files[2])}));
        QCOMPARE(queue()->count(), 3);
        QCOMPARE(m_window->promptPanel()->mediaCount(), promptMediaBefore);
        QCOMPARE(panel()->table()->rowCount(), 3);

        selectCaption();
        panel()->folderEdit()->setText(m_out.path());
        QVERIFY2(panel()->startButton()->isEnabled(), qPrintable(panel()->startButton()->toolTip()));

        // Each result must be on disk the moment its item is Done, while later items still wait.
        QStringList writtenWhenDone;
        connect(queue(), &BatchQueue::itemChanged, this, [&](int index) {
            const BatchQueue::Item& item = queue()->items()[index];
            if (item.state == ItemState::Done && QFileInfo::exists(item.output))
                writtenWhenDone << QStringLiteral("%1:%2").arg(index).arg(queue()->countIn(ItemState::Waiting));
        });
        QTest::mouseClick(panel()->startButton(), Qt::LeftButton);
        QVERIFY(queue()->isActive());
        QCOMPARE(phase(), Phase::Busy);
        QVERIFY(!panel()->startButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!queue()->isActive(), 3 * t::kEngineTimeoutMs);
        QCOMPARE(phase(), Phase::Ready);

        QCOMPARE(queue()->countIn(ItemState::Done), 3);
        QCOMPARE(writtenWhenDone, (QStringList{QStringLiteral("0:2"), QStringLiteral("1:1"), QStringLiteral("2:0")}));
        QStringList expectedNames;
        for (int i = 0; i < 3; ++i) {
            const BatchQueue::Item& item = queue()->items()[i];
            const QString name = QStringLiteral("photo%1-caption.txt").arg(i + 1);
            expectedNames << name;
            QCOMPARE(item.output, QDir(m_out.path()).filePath(name));
            QFile result(item.output);
            QVERIFY(result.open(QIODevice::ReadOnly));
            const QByteArray text = result.readAll();
            qInfo("%s: %s", qPrintable(name), text.constData());
            QVERIFY(!text.trimmed().isEmpty());
            QVERIFY(text.endsWith('\n'));
        }
        // Nothing else (no temporary file) in the results folder.
        QCOMPARE(QDir(m_out.path()).entryList(QDir::Files, QDir::Name), expectedNames);
        QCOMPARE(panel()->table()->item(2, 1)->text(), QStringLiteral("Done"));
    }

    void cancelStopsTheBatchWithoutWritingTheStoppedItem()
    {
        queue()->clear();
        const QStringList files = copies(QStringLiteral("long"), 2);
        QCOMPARE(queue()->addPaths(files), 2);
        m_window->promptPanel()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(400);
        QTemporaryDir out;
        panel()->folderEdit()->setText(out.path());
        QTest::mouseClick(panel()->startButton(), Qt::LeftButton);
        QVERIFY(queue()->isActive());
        QCOMPARE(queue()->items()[0].state, ItemState::Running);
        QVERIFY(panel()->cancelButton()->isEnabled());
        QTest::mouseClick(panel()->cancelButton(), Qt::LeftButton);
        QCOMPARE(queue()->items()[1].state, ItemState::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(!queue()->isActive(), t::kEngineTimeoutMs);
        QCOMPARE(queue()->items()[0].state, ItemState::Cancelled);
        QTRY_COMPARE(phase(), Phase::Ready);
        QCOMPARE(QDir(out.path()).entryList(QDir::Files), QStringList());
        m_window->promptPanel()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(16);
    }
};

QTEST_MAIN(TestBatch)
#include "test_batch.moc"
