#include "ui/panels/OutputPanel.h"

#include "ui/app/AppTheme.h"
#include "ui/widgets/CollapsibleSection.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gwb::ui {

namespace {
// Re-rendering Markdown costs time proportional to the whole answer, so during streaming it is
// done at most this often rather than once per token.
constexpr int kMarkdownRenderIntervalMs = 60;
} // namespace

OutputPanel::OutputPanel(QWidget* parent)
    : QWidget(parent), m_view(new QTextBrowser(this)), m_thoughtsView(new QPlainTextEdit(this)),
      m_thoughtsSection(new CollapsibleSection(tr("Thoughts"), m_thoughtsView, this)),
      m_markdown(new QCheckBox(tr("Markdown"), this)), m_speed(new QLabel(this)),
      m_renderTimer(new QTimer(this)), m_notice(new QFrame(this)), m_noticeText(new QLabel(m_notice))
{
    m_notice->setObjectName(QStringLiteral("outputNotice"));
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_noticeText->setObjectName(QStringLiteral("outputNoticeText"));
    m_noticeText->setWordWrap(true);
    m_noticeText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* dismiss = new QToolButton(m_notice);
    dismiss->setText(QStringLiteral("×"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Hide this message"));
    auto* noticeRow = new QHBoxLayout(m_notice);
    noticeRow->setContentsMargins(8, 4, 4, 4);
    noticeRow->addWidget(m_noticeText, 1);
    noticeRow->addWidget(dismiss, 0, Qt::AlignTop);
    m_notice->hide();
    connect(dismiss, &QToolButton::clicked, this, &OutputPanel::clearNotice);

    m_view->setReadOnly(true);
    m_view->setOpenLinks(false);
    m_view->setPlaceholderText(tr("The model's answer will appear here."));
    m_thoughtsView->setReadOnly(true);
    m_thoughtsView->setMaximumHeight(160);
    m_thoughtsView->setPlaceholderText(tr("No thoughts: thinking is off or the model went straight to the answer."));

    m_markdown->setChecked(true);
    m_markdown->setToolTip(tr("Render headings, lists, tables and code in the answer"));
    m_speed->setToolTip(tr("Decoding speed of the last answer"));

    auto* copy = new QToolButton(this);
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the answer to the clipboard"));
    auto* clearButton = new QToolButton(this);
    clearButton->setText(tr("Clear"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 0);
    bar->addWidget(m_markdown);
    bar->addStretch(1);
    bar->addWidget(m_speed);
    bar->addWidget(copy);
    bar->addWidget(clearButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(m_thoughtsSection);
    layout->addWidget(m_view, 1);

    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(kMarkdownRenderIntervalMs);
    connect(m_renderTimer, &QTimer::timeout, this, &OutputPanel::render);
    connect(m_markdown, &QCheckBox::toggled, this, &OutputPanel::render);
    connect(copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_answer); });
    connect(clearButton, &QToolButton::clicked, this, &OutputPanel::clear);
    setTokensPerSecond(-1.0);
}

void OutputPanel::beginResponse()
{
    clear();
}

void OutputPanel::clear()
{
    clearNotice();
    m_renderTimer->stop();
    m_answer.clear();
    m_thoughts.clear();
    m_view->clear();
    m_thoughtsView->clear();
    setTokensPerSecond(-1.0);
}

void OutputPanel::appendAnswer(const QString& piece)
{
    if (piece.isEmpty())
        return;
    m_answer += piece;
    if (isMarkdownEnabled()) {
        scheduleRender();
        return;
    }
    // Plain text: append in place, keeping the view pinned to the bottom only if it already was,
    // so a user scrolled up to read is not yanked down by every token.
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    QTextCursor cursor(m_view->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(piece);
    if (atBottom)
        bar->setValue(bar->maximum());
}

void OutputPanel::appendThought(const QString& piece)
{
    if (piece.isEmpty())
        return;
    m_thoughts += piece;
    QTextCursor cursor(m_thoughtsView->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(piece);
}

void OutputPanel::setTokensPerSecond(double tokensPerSecond)
{
    m_speed->setText(tokensPerSecond < 0.0 ? tr("— tok/s")
                                           : tr("%1 tok/s").arg(tokensPerSecond, 0, 'f', 1));
}

QString OutputPanel::tokensPerSecondText() const
{
    return m_speed->text();
}

QString OutputPanel::displayedText() const
{
    return m_view->toPlainText();
}

bool OutputPanel::isMarkdownEnabled() const
{
    return m_markdown->isChecked();
}

void OutputPanel::setMarkdownEnabled(bool on)
{
    m_markdown->setChecked(on);
}

void OutputPanel::scheduleRender()
{
    if (!m_renderTimer->isActive())
        m_renderTimer->start();
}

void OutputPanel::render()
{
    m_renderTimer->stop();
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    if (isMarkdownEnabled())
        m_view->setMarkdown(m_answer);
    else
        m_view->setPlainText(m_answer);
    if (atBottom)
        bar->setValue(bar->maximum());
}

} // namespace gwb::ui

namespace gwb::ui {

void OutputPanel::showError(const QString& text)
{
    setNotice(text, true);
}

void OutputPanel::showNotice(const QString& text)
{
    setNotice(text, false);
}

void OutputPanel::clearNotice()
{
    m_noticeText->clear();
    m_notice->hide();
}

QString OutputPanel::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_noticeText->text();
}

bool OutputPanel::isNoticeVisible() const
{
    return !m_notice->isHidden();
}

void OutputPanel::setNotice(const QString& text, bool isError)
{
    m_noticeIsError = isError;
    m_noticeText->setText(text);
    colourNotice();
    m_notice->setVisible(!text.isEmpty());
}

void OutputPanel::colourNotice()
{
    // Set as a palette, not a style sheet, so a theme switch can recolour it (changeEvent).
    // Only WindowText is set, so the rest still follows the theme.
    QPalette palette;
    if (m_noticeIsError)
        palette.setColor(QPalette::WindowText, AppTheme::errorColor());
    m_noticeText->setPalette(palette);
}

void OutputPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        colourNotice();
    QWidget::changeEvent(event);
}

} // namespace gwb::ui
