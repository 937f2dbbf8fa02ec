// The Output panel appends streamed pieces, renders Markdown on demand, keeps thoughts apart and
// folded, and shows tokens per second.
#include "ui/panels/OutputPanel.h"
#include "ui/widgets/CollapsibleSection.h"

#include <QTest>

using namespace gwb::ui;

class TestOutputPanel : public QObject {
    Q_OBJECT
private slots:
    void appendsStreamingPlainText()
    {
        OutputPanel panel;
        panel.setMarkdownEnabled(false);
        panel.beginResponse();
        const QStringList pieces = {"The", " cat", " sits", " on", " the", " mat", "."};
        for (const QString& piece : pieces)
            panel.appendAnswer(piece);
        QCOMPARE(panel.answerText(), QStringLiteral("The cat sits on the mat."));
        QCOMPARE(panel.displayedText(), QStringLiteral("The cat sits on the mat."));

        panel.beginResponse();
        QVERIFY(panel.displayedText().isEmpty());
        panel.appendAnswer("**bold** stays literal");
        QCOMPARE(panel.displayedText(), QStringLiteral("**bold** stays literal"));
    }

    void rendersMarkdownWhileStreaming()
    {
        OutputPanel panel;
        panel.setMarkdownEnabled(true);
        panel.beginResponse();
        panel.appendAnswer("# Rece");
        panel.appendAnswer("ipt\n\n- milk\n");
        panel.appendAnswer("- **bread**\n");
        QTRY_VERIFY(panel.displayedText().contains("bread"));
        const QString shown = panel.displayedText();
        QVERIFY2(!shown.contains('#') && !shown.contains("**"), qPrintable(shown));
        QVERIFY(shown.contains("Receipt"));
        // Turning Markdown off shows the source as it arrived.
        panel.setMarkdownEnabled(false);
        QCOMPARE(panel.displayedText(), panel.answerText());
        QVERIFY(panel.displayedText().startsWith("# Receipt"));
    }

    void thoughtsAreSeparateAndFolded()
    {
        OutputPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.beginResponse();
        panel.appendThought("The user wants ");
        panel.appendThought("a caption.");
        panel.setMarkdownEnabled(false);
        panel.appendAnswer("A cat.");
        QCOMPARE(panel.thoughtText(), QStringLiteral("The user wants a caption."));
        QCOMPARE(panel.displayedText(), QStringLiteral("A cat."));
        QVERIFY(!panel.thoughtsSection()->isExpanded());
        QVERIFY(!panel.thoughtsSection()->content()->isVisible());
        panel.thoughtsSection()->setExpanded(true);
        QVERIFY(panel.thoughtsSection()->content()->isVisible());
    }

    void showsTokensPerSecond()
    {
        OutputPanel panel;
        QVERIFY(panel.tokensPerSecondText().startsWith(QStringLiteral("—")));
        panel.setTokensPerSecond(42.26);
        QCOMPARE(panel.tokensPerSecondText(), QStringLiteral("42.3 tok/s"));
        panel.clear();
        QVERIFY(panel.tokensPerSecondText().startsWith(QStringLiteral("—")));
    }
};

QTEST_MAIN(TestOutputPanel)
#include "test_output_panel.moc"
