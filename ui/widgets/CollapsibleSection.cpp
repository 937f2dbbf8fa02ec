#include "ui/widgets/CollapsibleSection.h"

#include <QToolButton>
#include <QVBoxLayout>

namespace gwb::ui {

CollapsibleSection::CollapsibleSection(const QString& title, QWidget* content, QWidget* parent)
    : QWidget(parent), m_header(new QToolButton(this)), m_content(content)
{
    m_header->setText(title);
    m_header->setCheckable(true);
    m_header->setAutoRaise(true);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_content);

    connect(m_header, &QToolButton::toggled, this, &CollapsibleSection::setExpanded);
    setExpanded(false);
}

void CollapsibleSection::setTitle(const QString& title)
{
    m_header->setText(title);
}

bool CollapsibleSection::isExpanded() const
{
    return m_header->isChecked();
}

void CollapsibleSection::setExpanded(bool expanded)
{
    m_header->setChecked(expanded);
    m_header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    const bool changed = m_content->isVisibleTo(this) != expanded;
    m_content->setVisible(expanded);
    if (changed)
        emit expandedChanged(expanded);
}

} // namespace gwb::ui
