#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QTimer;

namespace gwb::ui {

class CollapsibleSection;

// The Output dock: the model's answer as it streams in, optionally rendered as Markdown, with the
// model's "thoughts" folded away in their own section and a tokens-per-second readout.
//
// Streaming API (called by the engine bridge, one call per decoded piece):
//   beginResponse(); appendThought(piece)...; appendAnswer(piece)...; setTokensPerSecond(x);
class OutputPanel : public QWidget {
    Q_OBJECT
public:
    explicit OutputPanel(QWidget* parent = nullptr);

    void beginResponse();
    void appendAnswer(const QString& piece);
    void appendThought(const QString& piece);
    void setTokensPerSecond(double tokensPerSecond);

    // The raw text received so far (Markdown source when rendering is on).
    QString answerText() const { return m_answer; }
    QString thoughtText() const { return m_thoughts; }
    // What the user sees right now, as plain text.
    QString displayedText() const;
    QString tokensPerSecondText() const;

    bool isMarkdownEnabled() const;
    void setMarkdownEnabled(bool on);
    CollapsibleSection* thoughtsSection() const { return m_thoughtsSection; }

public slots:
    void clear();

private:
    void render();
    void scheduleRender();

    QTextBrowser* m_view;
    QPlainTextEdit* m_thoughtsView;
    CollapsibleSection* m_thoughtsSection;
    QCheckBox* m_markdown;
    QLabel* m_speed;
    QTimer* m_renderTimer;
    QString m_answer;
    QString m_thoughts;
};

} // namespace gwb::ui
