#include "ui/dialogs/AboutDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace gwb::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("About Gemma Workbench"));

    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/gemma-workbench.svg")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);

    auto* text = new QLabel(this);
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setOpenExternalLinks(false);
    text->setText(
        QStringLiteral("<h2>%1</h2><p>%2</p><p>%3</p><p>%4</p><p><small>%5</small></p>")
            .arg(tr("Gemma Workbench"),
                 tr("Version %1").arg(QStringLiteral(GWB_VERSION)),
                 tr("Runs Google's Gemma 4 models for captions, OCR, object detection, "
                    "transcription and video questions entirely on your own computer, on its own "
                    "Vulkan engine. Nothing you open leaves this machine."),
                 tr("Built with Qt %1.").arg(QStringLiteral(QT_VERSION_STR)),
                 tr("Gemma models are provided under the Gemma Terms of Use.")));

    auto* row = new QHBoxLayout;
    row->addWidget(icon);
    row->addWidget(text, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

} // namespace gwb::ui
