#include "ui/engine/EngineWorker.h"

#include "ui/export/DetectionJson.h"

#include "inference/gpu/Device.h"
#include "inference/gpu/VulkanError.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/ModelVariant.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Session.h"
#include "inference/text/Conversation.h"
#include "inference/text/JinjaError.h"
#include "inference/text/TokenizerError.h"

#ifdef GWB_HAS_MEDIA
#include "inference/media/MediaError.h"
#include "inference/runtime/TaskRunner.h"
#include "inference/runtime/Tasks.h"
#endif

#include <QDebug>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace gwb::ui {

namespace {

constexpr qint64 kProgressIntervalMs = 250;
constexpr int kContextGranule = 1024;

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The video runner's stages (VideoTaskRunner.cpp) as status sentences; index is 0-based except
// for "frames", which counts the frames already extracted.
QString videoStageText(const std::string& stage, size_t index, size_t count)
{
    const int n = int(count);
    if (stage == "frames")
        return EngineWorker::tr("Extracting frames: %1 of %2").arg(index).arg(n);
    if (stage == "encode")
        return EngineWorker::tr("Encoding frames: %1 of %2").arg(index + 1).arg(n);
    if (stage == "audio")
        return EngineWorker::tr("Soundtrack: piece %1 of %2").arg(index + 1).arg(n);
    if (stage == "window")
        return EngineWorker::tr("Video window %1 of %2").arg(index + 1).arg(n);
    if (stage == "answer")
        return EngineWorker::tr("Answering: window %1 of %2").arg(index + 1).arg(n);
    return EngineWorker::tr("%1: %2 of %3").arg(fromStd(stage)).arg(index + 1).arg(n);
}

std::filesystem::path toPath(const QString& folder)
{
    return std::filesystem::path(QFile::encodeName(folder).toStdString());
}

QString gpuErrorText(const gpu::GpuError& e)
{
    const QString what = fromStd(e.what());
    switch (e.kind()) {
    case gpu::GpuErrorKind::NoDriver: return EngineWorker::tr("No Vulkan driver is installed: %1").arg(what);
    case gpu::GpuErrorKind::NoDevice: return EngineWorker::tr("No usable Vulkan device: %1").arg(what);
    case gpu::GpuErrorKind::MissingFeature:
        return EngineWorker::tr("The device lacks a feature the engine needs: %1").arg(what);
    case gpu::GpuErrorKind::OutOfDeviceMemory:
        return EngineWorker::tr("The GPU ran out of memory (try a smaller model or a shorter answer): %1").arg(what);
    case gpu::GpuErrorKind::OutOfHostMemory: return EngineWorker::tr("The computer ran out of memory: %1").arg(what);
    case gpu::GpuErrorKind::DeviceLost:
        return EngineWorker::tr("The GPU stopped responding (device lost): %1").arg(what);
    case gpu::GpuErrorKind::InvalidArgument:
    case gpu::GpuErrorKind::Other: break;
    }
    return EngineWorker::tr("GPU error: %1").arg(what);
}

// One readable sentence for any engine exception. The engine's messages already name the file,
// tensor or key; this adds what kind of thing went wrong.
QString describe(const std::exception& e)
{
    const QString what = fromStd(e.what());
    if (const auto* gpuError = dynamic_cast<const gpu::GpuError*>(&e))
        return gpuErrorText(*gpuError);
    if (dynamic_cast<const model::ConfigError*>(&e))
        return EngineWorker::tr("The model's configuration is not usable: %1").arg(what);
    if (dynamic_cast<const model::CheckpointError*>(&e))
        return EngineWorker::tr("The model's files are not usable: %1").arg(what);
    if (dynamic_cast<const text::TokenizerError*>(&e))
        return EngineWorker::tr("The model's tokenizer is not usable: %1").arg(what);
    if (dynamic_cast<const text::jinja::TemplateError*>(&e) || dynamic_cast<const text::jinja::EvalError*>(&e))
        return EngineWorker::tr("The model's chat template failed: %1").arg(what);
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return EngineWorker::tr("The computer ran out of memory.");
    return what;
}

// With GWB_VALIDATION=1 the engine records what the Vulkan validation layer says; the bridge
// passes it on to the Qt log after each load and request (tests fail on such warnings).
void logValidationMessages(gpu::Device* device)
{
    if (!device || !device->instance().validationEnabled())
        return;
    for (const std::string& text : device->instance().validationMessages())
        qWarning("Vulkan validation: %s", text.c_str());
    device->instance().clearValidationMessages();
}

bool isDeviceLost(const std::exception& e)
{
    const auto* gpuError = dynamic_cast<const gpu::GpuError*>(&e);
    return gpuError && gpuError->kind() == gpu::GpuErrorKind::DeviceLost;
}

StopReason toUi(runtime::StopReason reason)
{
    switch (reason) {
    case runtime::StopReason::StopToken: return StopReason::StopToken;
    case runtime::StopReason::MaxTokens: return StopReason::MaxTokens;
    case runtime::StopReason::Cancelled: return StopReason::Cancelled;
    case runtime::StopReason::ContextFull: return StopReason::ContextFull;
    }
    return StopReason::MaxTokens;
}

} // namespace

EngineWorker::EngineWorker(const std::atomic<bool>* cancel, QObject* parent)
    : QObject(parent), m_cancel(cancel)
{
}

// The session refers to the model and both to the device: release them in that order.
EngineWorker::~EngineWorker()
{
    shutdown();
}

void EngineWorker::shutdown()
{
    releaseModel();
    m_device.reset();
}

void EngineWorker::releaseModel()
{
    m_session.reset();
    m_model.reset();
    m_folder.clear();
}

void EngineWorker::openDevice()
{
    if (!m_device) {
        try {
            m_device = gpu::Device::open(gpu::DeviceOptions{});
        } catch (const std::exception& e) {
            emit deviceFailed(describe(e));
            return;
        } catch (...) {
            emit deviceFailed(tr("The Vulkan device could not be opened (unknown error)."));
            return;
        }
    }
    const gpu::DeviceInfo& info = m_device->info();
    const bool cpu = info.isLavapipe() || info.type == VK_PHYSICAL_DEVICE_TYPE_CPU;
    emit deviceReady(fromStd(info.name), fromStd(m_device->choiceReason()), cpu);
    emit deviceMemoryKnown(qint64(info.deviceLocalBytes));
    QStringList names;
    for (const gpu::DeviceInfo& device : m_device->instance().devices())
        names << fromStd(device.name);
    emit devicesListed(names);
}

void EngineWorker::handleDeviceLost()
{
    // A lost VkDevice stays lost: drop everything on it and open the device again.
    releaseModel();
    m_device.reset();
    emit modelUnloaded();
    openDevice();
}

ModelSummary EngineWorker::summarize() const
{
    ModelSummary s;
    if (!m_model)
        return s;
    const model::ModelConfig& cfg = m_model->config();
    s.folder = m_folder;
    s.name = QFileInfo(m_folder).fileName();
    if (s.name.isEmpty())
        s.name = m_folder;
    s.variant = fromStd(model::variantName(model::recognizeVariant(cfg.text)));
    s.layers = cfg.text.numLayers;
    s.weightBytes = qint64(m_model->textWeights().deviceBytes);
    const model::TextDecoderWeights& weights = m_model->textWeights();
    s.pleTableDeviceBytes = qint64(weights.plePlacement.deviceBytes);
    s.pleTableInHost = weights.pleTable && !weights.plePlacement.onDevice;
    if (m_session) {
        s.cacheBytes = qint64(m_session->cache().deviceBytes());
        s.contextLength = int(m_session->contextLength());
    }
    s.deviceBytes = qint64(m_device->memory().stats().bytesInUse);
    s.canEncodeText = m_model->tokenizer() && m_model->chatTemplate();
    return s;
}

// Makes sure the session's KV cache holds `tokensNeeded` tokens (as far as the model allows).
// Returns true when a new session was made.
bool EngineWorker::ensureSession(int tokensNeeded)
{
    const qint64 modelMax = std::max<qint64>(16, m_model->config().text.maxPositionEmbeddings);
    const qint64 want = std::min<qint64>(tokensNeeded, modelMax);
    if (m_session && qint64(m_session->contextLength()) >= want)
        return false;
    qint64 capacity = std::max<qint64>(kDefaultContextLength, (want + kContextGranule - 1) / kContextGranule * kContextGranule);
    capacity = std::min(capacity, modelMax);
    m_session.reset(); // free the old cache before the new one is allocated
    m_session = std::make_unique<runtime::Session>(*m_model, uint32_t(capacity));
    return true;
}

void EngineWorker::loadModel(const QString& folder)
{
    emit modelLoading(-1);
    releaseModel(); // the old model's memory is needed for the new one
    if (folder.trimmed().isEmpty()) {
        emit modelFailed(tr("Choose a model folder first."));
        return;
    }
    if (!m_device) {
        emit modelFailed(tr("Could not load %1: no Vulkan device is available.").arg(folder));
        return;
    }
    try {
        const std::filesystem::path dir = toPath(folder);
        if (std::filesystem::is_directory(dir)) {
            // Reading the config first is cheap and names an unsupported model before any
            // weights are touched.
            const model::ModelConfig config = model::ModelConfig::load(dir);
            if (const auto why = model::unsupportedReason(config)) {
                emit modelFailed(tr("Could not load %1: %2").arg(folder, fromStd(*why)));
                return;
            }
        }
        m_model = runtime::LoadedModel::load(*m_device, dir);
        m_folder = folder;
        ensureSession(0);
        logValidationMessages(m_device.get());
        emit modelLoaded(summarize());
    } catch (const std::exception& e) {
        const bool lost = isDeviceLost(e);
        releaseModel();
        emit modelFailed(tr("Could not load %1: %2").arg(folder, describe(e)));
        if (lost)
            handleDeviceLost();
    } catch (...) {
        releaseModel();
        emit modelFailed(tr("Could not load %1: unknown error in the engine.").arg(folder));
    }
}

void EngineWorker::unloadModel()
{
    releaseModel();
    emit modelUnloaded();
}

void EngineWorker::runText(const TextRequest& request)
{
    if (!m_model) {
        emit failed(tr("No model is loaded. Load one in the Model panel first."));
        return;
    }
    const text::Tokenizer* tokenizer = m_model->tokenizer();
    const text::ChatTemplate* chatTemplate = m_model->chatTemplate();
    if (!tokenizer || !chatTemplate) {
        emit failed(tr("The model folder has no tokenizer.json or chat template, so text cannot be encoded."));
        return;
    }
    try {
        text::Conversation conversation;
        if (!request.systemPrompt.trimmed().isEmpty())
            conversation.messages.push_back(text::Message::text(text::Role::System, request.systemPrompt.toStdString()));
        conversation.messages.push_back(text::Message::text(text::Role::User, request.userText.toStdString()));
        text::RenderOptions options;
        options.enableThinking = request.thinking;
        const std::string rendered = chatTemplate->render(conversation, options);

        const model::GenerationConfig& defaults = m_model->generation();
        runtime::GenerateRequest generate;
        generate.promptIds = tokenizer->encode(rendered, false); // the template prints <bos>
        generate.maxNewTokens = std::max(1, request.maxNewTokens);
        generate.sampling.temperature = float(std::max(0.0, request.temperature));
        generate.sampling.topK = request.topK >= 0 ? request.topK : int(defaults.topK);
        generate.sampling.topP = float(request.topP >= 0.0 ? request.topP : defaults.topP);
        generate.sampling.seed = request.seed;

        if (ensureSession(int(generate.promptIds.size()) + generate.maxNewTokens + 1))
            emit modelMemoryChanged(summarize());

        int generated = 0;
        qint64 lastReport = 0;
        QElapsedTimer sinceFirstToken;
        runtime::StreamCallbacks callbacks;
        callbacks.onAnswer = [this](const std::string& piece) { emit answerPiece(fromStd(piece)); };
        callbacks.onThinking = [this](const std::string& piece) { emit thinkingPiece(fromStd(piece)); };
        callbacks.onToken = [&](int32_t) {
            if (++generated == 1) {
                sinceFirstToken.start();
                return;
            }
            const qint64 elapsed = sinceFirstToken.elapsed();
            if (elapsed - lastReport >= kProgressIntervalMs) {
                lastReport = elapsed;
                emit decodeProgress(generated, elapsed > 0 ? (generated - 1) * 1000.0 / double(elapsed) : 0.0);
            }
        };
        const runtime::GenerateResult result = m_session->generate(generate, callbacks, m_cancel);

        RunStats stats;
        stats.promptTokens = result.promptTokens;
        stats.generatedTokens = int(result.ids.size());
        stats.prefillMs = result.prefillMs;
        stats.decodeMs = result.decodeMs;
        stats.decodeTokensPerSecond = result.ids.size() > 1 && result.decodeMs > 0.0
                                          ? double(result.ids.size() - 1) * 1000.0 / result.decodeMs
                                          : 0.0;
        stats.reason = toUi(result.reason);
        logValidationMessages(m_device.get());
        emit finished(stats);
    } catch (const std::exception& e) {
        emit failed(tr("The request failed: %1").arg(describe(e)));
        if (isDeviceLost(e))
            handleDeviceLost();
    } catch (...) {
        emit failed(tr("The request failed: unknown error in the engine."));
    }
}

void EngineWorker::runTask(const TaskRunRequest& request)
{
    if (!m_model) {
        emit failed(tr("No model is loaded. Load one in the Model panel first."));
        return;
    }
#ifdef GWB_HAS_MEDIA
    try {
        const runtime::TaskMedia media = !request.video.isEmpty()   ? runtime::TaskMedia::Video
                                         : !request.audio.isEmpty() ? runtime::TaskMedia::Audio
                                                                    : runtime::TaskMedia::Image;
        const runtime::TaskPreset* preset = runtime::findTask(request.task.toStdString(), media);
        if (!preset) {
            emit failed(tr("The engine has no task called \"%1\".").arg(request.task));
            return;
        }
        if (preset->media != runtime::TaskMedia::Audio && !m_model->visionEncoder()) {
            emit failed(tr("This model has no vision encoder, so it cannot read images or video."));
            return;
        }
        if (preset->media == runtime::TaskMedia::Audio && !m_model->audioEncoder()) {
            emit failed(tr("This model has no audio encoder, so it cannot listen to audio."));
            return;
        }
        runtime::TaskRequest task;
        task.preset = preset;
        task.params.prompt = request.prompt.toStdString();
        task.params.language = request.language.toStdString();
        task.params.targetLanguage = request.targetLanguage.toStdString();
        for (const QString& image : request.images)
            task.images.push_back(QFile::encodeName(image).toStdString());
        task.audio = QFile::encodeName(request.audio).toStdString();
        task.video = QFile::encodeName(request.video).toStdString(); // default VideoSamplingOptions
        task.budget = std::max(0, request.budget);
        task.maxNewTokens = std::max(0, request.maxNewTokens);

        int segments = 0;
        runtime::TaskCallbacks callbacks;
        // Per-segment presets report their text with times instead (segmentReady).
        if (!preset->perSegment)
            callbacks.onAnswer = [this](const std::string& piece) { emit answerPiece(fromStd(piece)); };
        callbacks.onSegment = [&](size_t index, size_t count, const text::TimedSegment& segment) {
            ++segments;
            emit segmentReady(segment.start, segment.end, fromStd(segment.text));
            emit taskProgress(tr("Audio segment %1 of %2").arg(index + 1).arg(count), int(index + 1), int(count));
        };
        int lastPlanningPercent = -1;  // the scan reports every block: pass on whole percents only
        callbacks.onPlanning = [&](double doneSeconds, double totalSeconds) {
            const int percent = totalSeconds > 0 ? int(100.0 * doneSeconds / totalSeconds) : 0;
            if (percent == lastPlanningPercent)
                return;
            lastPlanningPercent = percent;
            emit taskProgress(tr("Finding speech: %1 of %2 s").arg(qRound(doneSeconds)).arg(qRound(totalSeconds)),
                              qRound(doneSeconds), qRound(totalSeconds));
        };
        callbacks.onProgress = [&](const std::string& stage, size_t index, size_t count) {
            emit taskProgress(videoStageText(stage, index, count), int(stage == "frames" ? index : index + 1), int(count));
        };
        const runtime::TaskResult result = runtime::runTask(*m_model, task, callbacks, m_cancel);
        if (preset->perSegment && segments == 0) {
            for (const text::TimedSegment& segment : result.segments) {
                ++segments;
                emit segmentReady(segment.start, segment.end, fromStd(segment.text));
            }
        }

        TaskOutcome outcome;
        outcome.task = request.task;
        outcome.text = fromStd(result.text);
        outcome.imageWidth = result.imageWidth;
        outcome.imageHeight = result.imageHeight;
        outcome.segments = segments;
        outcome.cancelled = result.cancelled || (m_cancel && m_cancel->load());
        outcome.promptTokens = result.promptTokens;
        outcome.generatedTokens = result.generatedTokens;
        for (const std::string& line : result.problems)
            outcome.problems << fromStd(line);
        for (const std::string& line : result.notes)
            outcome.notes << fromStd(line);
        // text::objectsToJson: [{"label": "cat", "box": [x0, y0, x1, y1], "point": [x, y]}, ...],
        // read by the same code that reads "Copy as JSON" back (ui/export/DetectionJson).
        if (result.objects.is_array())
            outcome.objects = detectionsFromJson(QByteArray::fromStdString(result.objects.dump()));
        logValidationMessages(m_device.get());
        emit taskFinished(outcome);
    } catch (const media::MediaError& e) {
        emit failed(tr("The file could not be read: %1").arg(fromStd(e.what())));
    } catch (const std::invalid_argument& e) {
        emit failed(tr("The task cannot run like this: %1").arg(fromStd(e.what())));
    } catch (const std::exception& e) {
        emit failed(tr("The task failed: %1").arg(describe(e)));
        if (isDeviceLost(e))
            handleDeviceLost();
    } catch (...) {
        emit failed(tr("The task failed: unknown error in the engine."));
    }
#else
    Q_UNUSED(request);
    emit failed(tr("This build has no media decoding (GWB_MEDIA is off), so media tasks cannot run."));
#endif
}

} // namespace gwb::ui
