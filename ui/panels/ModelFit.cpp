#include "ui/panels/ModelFit.h"

#include <QCoreApplication>
#include <QLocale>

#include <unistd.h>

namespace gwb::ui {

const QList<KnownModel>& ModelFit::knownModels()
{
    // From `gemma-workbench-cli info --random-weights <config.json>` on the released configs
    // (bf16 weights the engine uploads; f16 KV cache of 4096 tokens, sliding layers uncapped).
    // tests/ui/test_model_fit.cpp recomputes them from ../shared/configs with the engine.
    static const QList<KnownModel> models = {
        {QStringLiteral("Gemma 4 E2B"), QStringLiteral("google/gemma-4-E2B-it"), 10208596934, 75497472},
        {QStringLiteral("Gemma 4 E4B"), QStringLiteral("google/gemma-4-E4B-it"), 15882203604, 234881024},
    };
    return models;
}

qint64 ModelFit::systemMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? qint64(pages) * qint64(pageSize) : 0;
}

ModelFit::Verdict ModelFit::verdict(qint64 neededBytes, qint64 availableBytes)
{
    if (neededBytes <= 0 || availableBytes <= 0)
        return Verdict::Unknown;
    if (neededBytes * 5 <= availableBytes * 4)
        return Verdict::Fits;
    if (neededBytes <= availableBytes)
        return Verdict::Tight;
    return Verdict::TooBig;
}

QString ModelFit::verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Fits: return QCoreApplication::translate("gwb::ui::ModelFit", "fits");
    case Verdict::Tight: return QCoreApplication::translate("gwb::ui::ModelFit", "tight: close other programs first");
    case Verdict::TooBig: return QCoreApplication::translate("gwb::ui::ModelFit", "too big for this device");
    case Verdict::Unknown: break;
    }
    return QCoreApplication::translate("gwb::ui::ModelFit", "unknown until the device is open");
}

QString ModelFit::gib(qint64 bytes)
{
    return QCoreApplication::translate("gwb::ui::ModelFit", "%1 GiB")
        .arg(QLocale().toString(double(bytes) / (1024.0 * 1024.0 * 1024.0), 'f', 1));
}

} // namespace gwb::ui
