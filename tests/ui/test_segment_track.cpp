// The transcript track under the waveform, without the engine: blocks on the waveform's time axis,
// a click on a block selects and plays that segment (the Audio panel pauses at its end), a click
// on the waveform still seeks, and text edited in the segment list is what transcript() returns.
#include "ui/panels/AudioPanel.h"
#include "ui/widgets/WaveformView.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <vector>

using namespace gwb::ui;

namespace {
Transcript threeSegments()
{
    return {{0.0, 1.0, QStringLiteral("one")}, {1.0, 2.5, QStringLiteral("two")}, {3.0, 4.0, QStringLiteral("three")}};
}
} // namespace

class TestSegmentTrack : public QObject {
    Q_OBJECT
private slots:
    void blocksSitOnTheTimeAxisUnderTheWaveform()
    {
        WaveformView view;
        view.resize(400, 120);
        view.reset(1000);
        std::vector<float> samples(4000);
        QRandomGenerator rng(7);
        for (float& s : samples)
            s = float(rng.generateDouble() * 2.0 - 1.0);
        view.appendSamples(samples);
        view.finish();
        QCOMPARE(view.peaks().durationMs(), qint64(4000));
        QCOMPARE(view.waveformRect(), view.rect()); // no track without segments
        view.setSegments(threeSegments());

        // 4 s over 400 px: 100 px per second.
        QCOMPARE(view.segmentRect(0).left(), 0);
        QCOMPARE(view.segmentRect(0).right(), 99);
        QCOMPARE(view.segmentRect(1).left(), 100);
        QCOMPARE(view.segmentRect(1).right(), 249);
        QCOMPARE(view.segmentRect(2).left(), 300);
        QCOMPARE(view.segmentRect(2).right(), 399);
        QCOMPARE(view.waveformRect().height(), 120 - WaveformView::kSegmentTrackHeight);
        for (int i = 0; i < 3; ++i)
            QVERIFY(view.segmentRect(i).top() >= view.waveformRect().bottom());
        QCOMPARE(view.segmentAt(QPoint(275, view.segmentRect(0).center().y())), -1); // the gap

        QSignalSpy clicked(&view, &WaveformView::segmentClicked);
        QSignalSpy seek(&view, &WaveformView::seekRequested);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, view.segmentRect(1).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().toInt(), 1);
        QCOMPARE(view.activeSegment(), 1);
        QCOMPARE(seek.count(), 0);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(200, 20));
        QCOMPARE(seek.count(), 1);
        QCOMPARE(seek.first().first().toLongLong(), qint64(2000));

        // A segment past the loaded audio stretches the axis instead of falling off the end.
        view.addSegment({4.0, 8.0, QStringLiteral("four")});
        QCOMPARE(view.segmentRect(3).right(), 399);
        QCOMPARE(view.segmentRect(1).left(), 50);
    }

    void editedTextIsTheTranscript()
    {
        AudioPanel panel;
        panel.resize(500, 400);
        panel.setTranscript(threeSegments(), QStringLiteral("/tmp/x.wav"));
        QCOMPARE(panel.transcriptSource(), QStringLiteral("/tmp/x.wav"));
        QTableWidget* table = panel.segmentTable();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("0:01.0"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("two"));
        // Times are not editable, text is.
        QVERIFY(!(table->item(1, 0)->flags() & Qt::ItemIsEditable));
        QVERIFY(table->item(1, 2)->flags() & Qt::ItemIsEditable);

        QSignalSpy changed(&panel, &AudioPanel::transcriptChanged);
        table->item(1, 2)->setText(QStringLiteral("two, corrected"));
        QCOMPARE(changed.count(), 1);
        const Transcript edited = panel.transcript();
        QCOMPARE(edited.size(), 3);
        QCOMPARE(edited[1].text, QStringLiteral("two, corrected"));
        QCOMPARE(edited[1].start, 1.0);
        QCOMPARE(edited[1].end, 2.5);
        QCOMPARE(panel.waveform()->segments()[1].text, QStringLiteral("two, corrected"));

        panel.playSegment(2);
        QCOMPARE(panel.segmentStopMs(), qint64(4000));
        QCOMPARE(panel.waveform()->activeSegment(), 2);
        QCOMPARE(table->currentRow(), 2);

        panel.clearTranscript();
        QCOMPARE(panel.transcript().size(), 0);
        QCOMPARE(table->rowCount(), 0);
    }
};

QTEST_MAIN(TestSegmentTrack)
#include "test_segment_track.moc"
