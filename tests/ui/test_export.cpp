// Export without the engine: file name templates, the text and subtitle formats written from an
// edited transcript, and a detection answer fed through the engine's box parser that is drawn on
// the Image panel at the right pixels and burnt into an annotated PNG at its original size.
#include "TestWindow.h"
#include "inference/text/BoxJson.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineController.h"
#include "ui/export/AnnotatedImage.h"
#include "ui/export/DetectionJson.h"
#include "ui/export/ExportDialog.h"
#include "ui/export/ExportRenderer.h"
#include "ui/export/ExportTarget.h"
#include "ui/export/ExportWriter.h"
#include "ui/export/FilenameTemplate.h"
#include "ui/export/ResultExporter.h"
#include "ui/panels/ImagePanel.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/OverlayItem.h"
#include "ui/widgets/OverlayLayer.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace gwb::ui;
namespace t = gwb::test;

namespace {

// Random pixels, so that a burnt-in stroke can never match the picture by accident.
QImage noiseImage(int width, int height, quint32 seed)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator rng(seed);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = 0xff000000u | (rng.generate() & 0xffffffu);
    }
    return image;
}

Transcript sampleTranscript()
{
    return {{0.0, 1.25, QStringLiteral("Hello there.")},
            {1.25, 3.5, QStringLiteral("Second line")},
            {3.5, 62.007, QStringLiteral("A <b> & c")}};
}

bool colourNear(const QImage& shot, QPoint at, const QColor& colour, int radius = 2)
{
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p = at + QPoint(dx, dy);
            if (!shot.rect().contains(p))
                continue;
            const QRgb c = shot.pixel(p);
            if (std::abs(qRed(c) - colour.red()) <= 40 && std::abs(qGreen(c) - colour.green()) <= 40
                && std::abs(qBlue(c) - colour.blue()) <= 40)
                return true;
        }
    }
    return false;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_out;

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_out.isValid());
        t::isolateSettings(m_settings.path(), QStringLiteral("test_export"));
    }

    void filenameTemplates()
    {
        FilenameFields fields;
        fields.name = QStringLiteral("meeting notes");
        fields.task = QStringLiteral("transcribe");
        fields.ext = QStringLiteral("srt");
        fields.when = QDateTime(QDate(2025, 3, 7), QTime(9, 5, 2));
        fields.index = 7;
        auto expand = [&](const QString& pattern) { return expandFilenameTemplate(pattern, fields); };

        QCOMPARE(expand(QString::fromLatin1(kDefaultFilenameTemplate)).fileName, QStringLiteral("meeting notes-transcribe.srt"));
        QCOMPARE(expand(QStringLiteral("{date}_{time}_{index}_{name}.{ext}")).fileName,
                 QStringLiteral("2025-03-07_09-05-02_007_meeting notes.srt"));
        // Field names are case-insensitive; a missing extension is added, a repeated one is not.
        QCOMPARE(expand(QStringLiteral("{NAME}")).fileName, QStringLiteral("meeting notes.srt"));
        QCOMPARE(expand(QStringLiteral("{name}.srt")).fileName, QStringLiteral("meeting notes.srt"));
        QCOMPARE(expand(QStringLiteral("out.")).fileName, QStringLiteral("out.srt"));

        const FilenameResult unknown = expand(QStringLiteral("{name}-{speaker}"));
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.fileName.isEmpty());
        QVERIFY2(unknown.error.contains(QStringLiteral("{speaker}")) && unknown.error.contains(QStringLiteral("{name}")),
                 qPrintable(unknown.error));
        QVERIFY(!expand(QStringLiteral("sub/{name}")).ok());
        QVERIFY(!expand(QStringLiteral("..\\{name}")).ok());
        QVERIFY(!expand(QStringLiteral(".{ext}")).ok());

        // Field values cannot smuggle in a folder or characters Windows refuses.
        fields.name = QStringLiteral("a/b:c*d?");
        QCOMPARE(expand(QStringLiteral("{name}")).fileName, QStringLiteral("a_b_c_d_.srt"));
        fields.name.clear();
        QCOMPARE(expand(QStringLiteral("{name}")).fileName, QStringLiteral("untitled.srt"));
    }

    void exportTargetFolders()
    {
        const QString source = QStringLiteral("/data/in/song.take2.wav");
        const ExportTarget beside = exportTargetPath({}, QStringLiteral("{name}-{task}"), source,
                                                     QStringLiteral("transcribe"), ExportFormat::Vtt);
        QVERIFY2(beside.ok(), qPrintable(beside.error));
        QCOMPARE(beside.path, QStringLiteral("/data/in/song.take2-transcribe.vtt"));
        const ExportTarget chosen = exportTargetPath(m_out.path(), QStringLiteral("{name}"), source,
                                                     QStringLiteral("transcribe"), ExportFormat::Json);
        QCOMPARE(chosen.path, QDir(m_out.path()).filePath(QStringLiteral("song.take2.json")));
        // Pasted media has no folder to save next to.
        QVERIFY(!exportTargetPath({}, QStringLiteral("{name}"), {}, QStringLiteral("caption"), ExportFormat::Txt).ok());
    }

    void transcriptFormats()
    {
        ExportContent content;
        content.source = QStringLiteral("/x/talk.wav");
        content.task = QStringLiteral("transcribe");
        content.text = QStringLiteral("unused when segments exist");
        content.segments = sampleTranscript();

        const RenderedExport srt = renderExport(ExportFormat::Srt, content);
        QVERIFY2(srt.ok(), qPrintable(srt.error));
        QCOMPARE(QString::fromUtf8(srt.bytes),
                 QStringLiteral("1\n00:00:00,000 --> 00:00:01,250\nHello there.\n\n"
                                "2\n00:00:01,250 --> 00:00:03,500\nSecond line\n\n"
                                "3\n00:00:03,500 --> 00:01:02,007\nA <b> & c\n\n"));
        const RenderedExport vtt = renderExport(ExportFormat::Vtt, content);
        QVERIFY(vtt.ok());
        QVERIFY(vtt.bytes.startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nHello there.\n"));
        QVERIFY2(vtt.bytes.contains("A &lt;b&gt; &amp; c"), vtt.bytes.constData());
        QCOMPARE(QString::fromUtf8(renderExport(ExportFormat::Txt, content).bytes),
                 QStringLiteral("Hello there.\nSecond line\nA <b> & c\n"));
        const QByteArray md = renderExport(ExportFormat::Markdown, content).bytes;
        QVERIFY2(md.startsWith("# talk.wav — transcribe\n"), md.constData());
        QVERIFY2(md.contains("- **00:01.250–00:03.500** Second line\n"), md.constData());

        const QJsonObject json = QJsonDocument::fromJson(renderExport(ExportFormat::Json, content).bytes).object();
        QCOMPARE(json.value(QStringLiteral("task")).toString(), QStringLiteral("transcribe"));
        const QJsonArray segments = json.value(QStringLiteral("segments")).toArray();
        QCOMPARE(segments.size(), 3);
        QCOMPARE(segments[2].toObject().value(QStringLiteral("end")).toDouble(), 62.007);
        QCOMPARE(segments[2].toObject().value(QStringLiteral("text")).toString(), QStringLiteral("A <b> & c"));

        // No transcript: subtitles and PNG are refused with a reason, not written empty.
        ExportContent caption;
        caption.text = QStringLiteral("A cat.");
        QVERIFY(!exportUnavailableReason(ExportFormat::Srt, caption).isEmpty());
        QVERIFY(!exportUnavailableReason(ExportFormat::AnnotatedPng, caption).isEmpty());
        QVERIFY(!renderExport(ExportFormat::Vtt, caption).ok());
        QCOMPARE(renderExport(ExportFormat::Txt, caption).bytes, QByteArray("A cat.\n"));
        QVERIFY(!exportUnavailableReason(ExportFormat::Txt, ExportContent{}).isEmpty());
        // Impossible times are an error, not a broken file.
        ExportContent broken = content;
        broken.segments[1].end = 0.5;
        const RenderedExport bad = renderExport(ExportFormat::Srt, broken);
        QVERIFY(!bad.ok());
        QVERIFY(bad.bytes.isEmpty());
    }

    void atomicWriteReplacesWholeFile()
    {
        const QString path = QDir(m_out.path()).filePath(QStringLiteral("nested/deeper/result.txt"));
        QCOMPARE(writeFileAtomically(path, QByteArray("first version, longer\n")), QString());
        QCOMPARE(writeFileAtomically(path, QByteArray("second\n")), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("second\n"));
        // Only the result is left in the folder (no temporary file).
        QCOMPARE(QDir(QFileInfo(path).absolutePath()).entryList(QDir::Files), QStringList{QStringLiteral("result.txt")});
        // A folder that cannot be made is reported, naming the path.
        const QString error = writeFileAtomically(QStringLiteral("/proc/gwb-no/such.txt"), QByteArray("x"));
        QVERIFY2(error.contains(QStringLiteral("/proc/gwb-no")), qPrintable(error));
    }

    void exportDialogPreview()
    {
        ExportContent content;
        content.source = QDir(m_out.path()).filePath(QStringLiteral("clip.wav"));
        content.task = QStringLiteral("transcribe");
        content.segments = sampleTranscript();
        ExportDialog dialog(content, QString(), QStringLiteral("{name}-{task}"));
        QCOMPARE(dialog.format(), ExportFormat::Srt); // a transcript is best kept as subtitles
        QCOMPARE(dialog.targetPath(), QDir(m_out.path()).filePath(QStringLiteral("clip-transcribe.srt")));
        dialog.setFilenameTemplate(QStringLiteral("{nope}"));
        QVERIFY(dialog.targetPath().isEmpty());
        QVERIFY(!dialog.problem().isEmpty());
        dialog.setFilenameTemplate(QStringLiteral("{name}"));
        dialog.setFormat(ExportFormat::Vtt);
        dialog.setFolder(QStringLiteral("/tmp/elsewhere"));
        QCOMPARE(dialog.targetPath(), QStringLiteral("/tmp/elsewhere/clip.vtt"));
    }

    void parsedDetectionsAreDrawnAndBurntIn()
    {
        auto window = t::openTestWindow(m_settings.path(), QStringLiteral("test_export"));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        const QImage original = noiseImage(320, 240, 20250307);
        window->imagePanel()->showImage(original, QStringLiteral("noise.png"));

        // What a detect answer looks like, through the engine's parser and pixel mapping, then
        // through the JSON reader the worker uses.
        const std::string answer = "Here you go:\n```json\n[{\"box_2d\": [200, 100, 600, 500], \"label\": \"cat\"},\n"
                                   " {\"point_2d\": [500, 750], \"label\": \"dog\"}]\n```";
        const gwb::text::BoxParseResult parsed = gwb::text::parseBoxJson(answer);
        QCOMPARE(int(parsed.objects.size()), 2);
        const std::string pixels = gwb::text::objectsToJson(parsed.objects, original.width(), original.height());
        TaskOutcome outcome;
        outcome.task = QStringLiteral("detect");
        outcome.imageWidth = original.width();
        outcome.imageHeight = original.height();
        outcome.objects = detectionsFromJson(QByteArray::fromStdString(pixels));
        QCOMPARE(outcome.objects.size(), 2);
        window->engineController()->showTaskResult(outcome);

        // Grid 0–1000, y first: the box is x 100..500 → 32..160 px, y 200..600 → 48..144 px.
        const QRectF box(QPointF(32.0, 48.0), QPointF(160.0, 144.0));
        OverlayLayer* overlay = window->imagePanel()->view()->overlay();
        QCOMPARE(overlay->items().size(), 2);
        QCOMPARE(overlay->items()[0]->rect(), box);
        QCOMPARE(overlay->items()[1]->rect().topLeft(), QPointF(240.0, 120.0));

        // On screen at 100 %: the box's edges are where the image's pixels are.
        ImageView* view = window->imagePanel()->view();
        view->actualSize();
        QCoreApplication::processEvents();
        const QImage shot = view->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QColor cat = overlay->colourFor(QStringLiteral("cat"));
        QVERIFY(colourNear(shot, view->mapFromImage(QPointF(32.0, 96.0)).toPoint(), cat));
        QVERIFY(colourNear(shot, view->mapFromImage(QPointF(160.0, 100.0)).toPoint(), cat));
        QVERIFY(colourNear(shot, view->mapFromImage(QPointF(96.0, 144.0)).toPoint(), cat));

        // Exported: same size as the original, the box border burnt in at the box's pixels, the
        // inside and the outside untouched.
        const QString path = QDir(m_out.path()).filePath(QStringLiteral("annotated.png"));
        QVERIFY(window->resultExporter()->exportToPath(ExportFormat::AnnotatedPng, path));
        const QImage png = QImage(path).convertToFormat(QImage::Format_RGB32);
        QCOMPARE(png.size(), original.size());
        const int stroke = annotationStrokeWidth(original.size());
        QCOMPARE(stroke, 2);
        const QRgb catRgb = cat.rgb();
        for (int y = 60; y < 140; y += 7) {
            QCOMPARE(png.pixel(32, y), catRgb);                 // left edge, first column inside the box
            QCOMPARE(png.pixel(32 + stroke - 1, y), catRgb);
            QCOMPARE(png.pixel(159, y), catRgb);                // right edge, last column inside
            QCOMPARE(png.pixel(31, y), original.pixel(31, y));  // just outside
            QCOMPARE(png.pixel(32 + stroke, y), original.pixel(32 + stroke, y));  // just inside
            QCOMPARE(png.pixel(96, y), original.pixel(96, y));
        }
        for (int x = 40; x < 160; x += 9) {
            QCOMPARE(png.pixel(x, 143), catRgb);                // bottom edge
            QCOMPARE(png.pixel(x, 144), original.pixel(x, 144));
        }
        // The point is a filled marker of the dog's colour around (240, 120).
        QCOMPARE(png.pixel(240, 120), overlay->colourFor(QStringLiteral("dog")).rgb());
        QCOMPARE(png.pixel(10, 230), original.pixel(10, 230));

        // Copy as JSON gives the same pixels back.
        QVERIFY(window->resultExporter()->copyDetectionsAsJson());
        const QList<DetectedItem> copied = detectionsFromJson(QApplication::clipboard()->text().toUtf8());
        QCOMPARE(copied.size(), 2);
        QCOMPARE(copied[0].label, QStringLiteral("cat"));
        QCOMPARE(copied[0].box, box);
        QVERIFY(copied[1].hasPoint && !copied[1].hasBox);
        QCOMPARE(copied[1].point, QPointF(240.0, 120.0));

        // The same result as JSON carries the image size and the objects.
        const QString jsonPath = QDir(m_out.path()).filePath(QStringLiteral("detections.json"));
        QVERIFY(window->resultExporter()->exportToPath(ExportFormat::Json, jsonPath));
        QFile jsonFile(jsonPath);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("task")).toString(), QStringLiteral("detect"));
        QCOMPARE(root.value(QStringLiteral("image")).toObject().value(QStringLiteral("width")).toInt(), 320);
        QCOMPARE(root.value(QStringLiteral("objects")).toArray().size(), 2);
    }
};

QTEST_MAIN(TestExport)
#include "test_export.moc"
