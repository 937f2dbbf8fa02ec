#include "ui/panels/ModelGuide.h"

#include "ui/panels/ModelFit.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace gwb::ui {

ModelGuide::ModelGuide(QWidget* parent) : QWidget(parent), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("modelGuide"));
    m_text->setObjectName(QStringLiteral("modelGuideText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setOpenExternalLinks(true);
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    // The Model dock is often short: the guide scrolls rather than being cut off.
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_text);
    scroll->viewport()->setAutoFillBackground(false);
    m_text->setAutoFillBackground(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    refresh();
}

void ModelGuide::setDevice(const QString& name, qint64 deviceBytes, bool cpuFallback)
{
    m_device = name;
    m_deviceBytes = deviceBytes;
    m_cpuFallback = cpuFallback;
    refresh();
}

QSize ModelGuide::sizeHint() const
{
    // Asks for room to show the download table without scrolling, but (unlike a minimum) lets
    // a small window squeeze it: it scrolls then.
    return {QWidget::sizeHint().width(), 260};
}

QString ModelGuide::text() const
{
    return m_text->text();
}

void ModelGuide::refresh()
{
    const qint64 ram = ModelFit::systemMemoryBytes();
    // On the CPU (lavapipe) the model lives in RAM; on a GPU in its own memory.
    const qint64 available = m_cpuFallback ? ram : m_deviceBytes;

    QString machine = tr("This computer has %1 of RAM.").arg(ram > 0 ? ModelFit::gib(ram) : tr("an unknown amount"));
    if (m_device.isEmpty())
        machine += QLatin1Char(' ') + tr("The GPU is not known yet.");
    else if (m_cpuFallback)
        machine += QLatin1Char(' ') + tr("No GPU is in use: %1 runs the model on the CPU, in RAM, far slower than a GPU.").arg(m_device.toHtmlEscaped());
    else if (m_deviceBytes > 0)
        machine += QLatin1Char(' ') + tr("The GPU, %1, has %2 of its own memory.").arg(m_device.toHtmlEscaped(), ModelFit::gib(m_deviceBytes));

    QString rows;
    for (const KnownModel& model : ModelFit::knownModels()) {
        const QString url = QStringLiteral("https://huggingface.co/") + model.repository;
        rows += QStringLiteral("<tr><td><a href=\"%1\">%2</a></td><td align=right>%3</td><td>%4</td></tr>")
                    .arg(url, model.repository, ModelFit::gib(model.totalBytes()),
                         ModelFit::verdictText(ModelFit::verdict(model.totalBytes(), available)));
    }

    m_text->setText(
        QStringLiteral("<h3>%1</h3><p>%2</p><table cellspacing=0 cellpadding=3><tr><th align=left>%3</th><th align=right>%4</th><th align=left>%5</th></tr>%6</table>"
                       "<p>%7</p><p><code>hf download google/gemma-4-E2B-it --local-dir ~/models/gemma-4-E2B-it</code></p><p>%8</p><p>%9</p>")
            .arg(tr("No model yet"),
                 tr("Gemma Workbench runs Google's Gemma 4 models on this computer. Download one "
                    "from Hugging Face (accept the Gemma terms on its page first):"),
                 tr("Model"), tr("Needs"), tr("On this machine"), rows,
                 tr("E2B is the smaller and faster one; E4B answers better. With the Hugging Face "
                    "command-line tool (pip install huggingface_hub) the download is:"),
                 tr("Then choose the downloaded folder (the one with config.json, the "
                    "*.safetensors files and tokenizer.json) with Browse… and press Load. A GGUF "
                    "file of the same model (.gguf) can be chosen instead of a folder."),
                 machine));
}

} // namespace gwb::ui
