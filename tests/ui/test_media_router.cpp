// MediaRouter classifies by content and expands folders; ScanDetector tells pages from photos;
// TaskCatalog picks the default task per kind.
#include "TestMedia.h"
#include "ui/intake/MediaRouter.h"
#include "ui/intake/ScanDetector.h"
#include "ui/tasks/TaskCatalog.h"

#include <QDir>
#include <QPainter>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace gwb::ui;
namespace t = gwb::test;

class TestMediaRouter : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void classifiesByContentNotName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::newRow("png") << "photo.png" << int(MediaKind::Image);
        QTest::newRow("png named .txt") << "notes.txt" << int(MediaKind::Image);
        QTest::newRow("jpeg without extension") << "IMG_0001" << int(MediaKind::Image);
        QTest::newRow("wav") << "speech.wav" << int(MediaKind::Audio);
        QTest::newRow("wav named .png") << "fake.png" << int(MediaKind::Audio);
        QTest::newRow("mp4") << "clip.mp4" << int(MediaKind::Video);
        QTest::newRow("text named .wav") << "song.wav" << int(MediaKind::Unknown);
        QTest::newRow("random bytes") << "blob.bin" << int(MediaKind::Unknown);
        QTest::newRow("empty file named .mp4") << "empty.mp4" << int(MediaKind::Unknown);
    }
    void classifiesByContentNotName()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        const QString file = path(name);
        if (name == "photo.png" || name == "notes.txt")
            QVERIFY(t::writeImage(file, t::photoLikeImage()));
        else if (name == "IMG_0001")
            QVERIFY(t::writeImage(file, t::photoLikeImage(), "JPEG"));
        else if (name == "speech.wav" || name == "fake.png")
            QVERIFY(t::writeWav(file));
        else if (name == "clip.mp4")
            QVERIFY(t::writeMp4Stub(file));
        else if (name == "song.wav")
            QVERIFY(t::writeBytes(file, "Just some words in a text file.\n"));
        else if (name == "blob.bin")
            QVERIFY(t::writeBytes(file, QByteArray("\x01\x02\x03\xfe\xff\x00\x17\x99\x42", 9).repeated(40)));
        else
            QVERIFY(t::writeBytes(file, QByteArray()));

        const RoutedFile routed = MediaRouter().classify(file);
        QCOMPARE(int(routed.kind), kind);
        QCOMPARE(routed.path, file);
        QVERIFY(!routed.mimeType.isEmpty());
    }

    void routingTableCoversContainerTypes()
    {
        const MediaRouter router;
        QCOMPARE(router.kindForMime("image/webp"), MediaKind::Image);
        QCOMPARE(router.kindForMime("audio/flac"), MediaKind::Audio);
        QCOMPARE(router.kindForMime("video/x-matroska"), MediaKind::Video);
        QCOMPARE(router.kindForMime("application/pdf"), MediaKind::Unknown);
        QCOMPARE(router.kindForMime("text/plain"), MediaKind::Unknown);
    }

    void expandsFoldersInNaturalOrder()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("scans/sub"));
        QVERIFY(t::writeImage(dir.filePath("scans/page10.png"), t::scanLikeImage()));
        QVERIFY(t::writeImage(dir.filePath("scans/page2.png"), t::scanLikeImage()));
        QVERIFY(t::writeWav(dir.filePath("scans/sub/memo.wav")));
        QVERIFY(t::writeBytes(dir.filePath("scans/readme.txt"), "hello\n"));

        const RoutingResult result =
            MediaRouter().route({dir.filePath("scans"), dir.filePath("missing.png")});
        QCOMPARE(result.files.size(), 4);
        QStringList names;
        for (const RoutedFile& f : result.files)
            names << QFileInfo(f.path).fileName();
        QVERIFY2(names.indexOf("page2.png") < names.indexOf("page10.png"), qPrintable(names.join(',')));
        QCOMPARE(result.missing, QStringList{dir.filePath("missing.png")});
        int unknown = 0;
        for (const RoutedFile& f : result.files)
            unknown += f.kind == MediaKind::Unknown;
        QCOMPARE(unknown, 1);
    }

    void capsHugeFolders()
    {
        QTemporaryDir dir;
        const QByteArray bytes = "x";
        for (int i = 0; i < MediaRouter::maxFiles() + 7; ++i)
            QVERIFY(t::writeBytes(dir.filePath(QStringLiteral("f%1.txt").arg(i)), bytes));
        const RoutingResult result = MediaRouter().route({dir.path()});
        QCOMPARE(result.files.size(), MediaRouter::maxFiles());
        QCOMPARE(result.skippedForLimit, 7);
    }

    void scanDetectorTellsPagesFromPhotos()
    {
        QVERIFY(ScanDetector::looksLikeScan(t::scanLikeImage()));
        QVERIFY(!ScanDetector::looksLikeScan(t::photoLikeImage()));

        QImage blank(200, 200, QImage::Format_RGB32);
        blank.fill(Qt::white);
        QVERIFY2(!ScanDetector::looksLikeScan(blank), "a blank page has nothing to read");

        QImage night(200, 200, QImage::Format_RGB32);
        night.fill(qRgb(20, 20, 35));
        QVERIFY(!ScanDetector::looksLikeScan(night));

        // A page with a big red stamp over much of it is a picture, not a text page.
        QImage stamped = t::scanLikeImage();
        QPainter(&stamped).fillRect(0, 0, stamped.width(), stamped.height() / 3, Qt::red);
        QVERIFY(!ScanDetector::looksLikeScan(stamped));

        QVERIFY(!ScanDetector::looksLikeScan(QImage()));
    }

    void defaultTasks()
    {
        QCOMPARE(TaskCatalog::defaultTaskFor(MediaKind::Image, false), TaskId::Caption);
        QCOMPARE(TaskCatalog::defaultTaskFor(MediaKind::Image, true), TaskId::Ocr);
        QCOMPARE(TaskCatalog::defaultTaskFor(MediaKind::Audio, false), TaskId::Transcribe);
        QCOMPARE(TaskCatalog::defaultTaskFor(MediaKind::Video, false), TaskId::Describe);
        // Every task is listed once and has a label.
        QSet<int> seen;
        for (const TaskInfo& task : TaskCatalog::all()) {
            QVERIFY(!seen.contains(int(task.id)));
            seen.insert(int(task.id));
            QVERIFY(!TaskCatalog::label(task.id).isEmpty());
        }
        QCOMPARE(seen.size(), 13);
    }
};

QTEST_MAIN(TestMediaRouter)
#include "test_media_router.moc"
