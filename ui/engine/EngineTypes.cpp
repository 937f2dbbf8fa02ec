#include "ui/engine/EngineTypes.h"

#include <QCoreApplication>

namespace gwb::ui {

QString stopReasonText(StopReason reason)
{
    switch (reason) {
    case StopReason::StopToken: return QCoreApplication::translate("gwb::ui::EngineTypes", "the answer was complete");
    case StopReason::MaxTokens: return QCoreApplication::translate("gwb::ui::EngineTypes", "the token limit was reached");
    case StopReason::Cancelled: return QCoreApplication::translate("gwb::ui::EngineTypes", "stopped");
    case StopReason::ContextFull: return QCoreApplication::translate("gwb::ui::EngineTypes", "the context is full");
    }
    return {};
}

} // namespace gwb::ui
