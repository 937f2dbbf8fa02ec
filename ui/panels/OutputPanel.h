#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QFrame;
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

    // A line above the answer that stays until the next request or its × button: an error
    // (model failed, out of memory, unreadable file) in the theme's error colour, or a notice
    // ("stopped: the answer is incomplete") in the normal text colour.
    void showError(const QString& text);
    void showNotice(const QString& text);
    void clearNotice();
    QString noticeText() const;
    bool isShowingError() const { return m_noticeIsError && isNoticeVisible(); }
    bool isNoticeVisible() const;

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

protected:
    void changeEvent(QEvent* event) override;

private:
    void setNotice(const QString& text, bool isError);
    void colourNotice();
    void render();
    void scheduleRender();

    QTextBrowser* m_view;
    QPlainTextEdit* m_thoughtsView;
    CollapsibleSection* m_thoughtsSection;
    QCheckBox* m_markdown;
    QLabel* m_speed;
    QTimer* m_renderTimer;
    QFrame* m_notice;
    QLabel* m_noticeText;
    bool m_noticeIsError = false;
    QString m_answer;
    QString m_thoughts;
};

} // namespace gwb::ui
