// The engine bridge on lavapipe: it says which device it opened and why, loads the tiny real
// checkpoint, streams a short answer with its signals in order, stops a long request within a
// decode step, and turns a folder that is not a model into modelFailed — after which it still
// works.
#include "EngineTestSupport.h"
#include "ui/engine/EngineBridge.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QStringList>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QTest>

#include <memory>

using namespace gwb::ui;
namespace t = gwb::test;

namespace {

// Records every signal of one request as "answer", "thinking", "finished" or "failed", in the
// order the GUI thread receives them.
class RequestLog : public QObject {
public:
    explicit RequestLog(EngineBridge* bridge)
    {
        connect(bridge, &EngineBridge::answerPiece, this, [this](const QString& piece) {
            events << QStringLiteral("answer");
            answer += piece;
            if (piece.isEmpty())
                ++emptyPieces;
        });
        connect(bridge, &EngineBridge::thinkingPiece, this, [this](const QString& piece) {
            events << QStringLiteral("thinking");
            thinking += piece;
            if (piece.isEmpty())
                ++emptyPieces;
        });
        connect(bridge, &EngineBridge::finished, this, [this](const RunStats& s) {
            events << QStringLiteral("finished");
            stats = s;
        });
        connect(bridge, &EngineBridge::failed, this, [this](const QString& message) {
            events << QStringLiteral("failed");
            error = message;
        });
    }
    bool done() const { return events.contains("finished") || events.contains("failed"); }
    int pieces() const { return int(events.count("answer") + events.count("thinking")); }

    QStringList events;
    QString answer;
    QString thinking;
    QString error;
    int emptyPieces = 0;
    RunStats stats;
};

} // namespace

class TestEngineBridge : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<EngineBridge> m_bridge;

    void loadTinyModel()
    {
        QSignalSpy loaded(m_bridge.get(), &EngineBridge::modelLoaded);
        QSignalSpy failed(m_bridge.get(), &EngineBridge::modelFailed);
        m_bridge->loadModel(t::tinyModelDir());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, t::kEngineTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    }

private slots:
    void initTestCase()
    {
        // The engine passes Vulkan validation messages on as warnings: any of them fails a test.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Vulkan validation")));
        m_bridge = std::make_unique<EngineBridge>();
        QSignalSpy ready(m_bridge.get(), &EngineBridge::deviceReady);
        QSignalSpy failed(m_bridge.get(), &EngineBridge::deviceFailed);
        m_bridge->start();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() > 0, t::kEngineTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

        const QString name = ready.first().at(0).toString();
        const QString reason = ready.first().at(1).toString();
        const bool cpu = ready.first().at(2).toBool();
        qInfo("device: %s (%s), CPU fallback: %d", qPrintable(name), qPrintable(reason), int(cpu));
        QVERIFY(!name.isEmpty());
        QVERIFY(!reason.isEmpty()); // never a silent choice
        if (qEnvironmentVariable("VK_DRIVER_FILES").contains(QStringLiteral("lvp"))) {
            // CTest pins lavapipe: the bridge must say that this is the CPU.
            QVERIFY(cpu);
            QVERIFY2(name.contains(QStringLiteral("llvmpipe")), qPrintable(name));
        }
    }

    void cleanupTestCase() { m_bridge.reset(); }

    void loadsTheTinyModel()
    {
        QSignalSpy loading(m_bridge.get(), &EngineBridge::modelLoading);
        QSignalSpy loaded(m_bridge.get(), &EngineBridge::modelLoaded);
        QStringList order;
        QObject context;
        connect(m_bridge.get(), &EngineBridge::modelLoading, &context, [&order] { order << "loading"; });
        connect(m_bridge.get(), &EngineBridge::modelLoaded, &context, [&order] { order << "loaded"; });
        loadTinyModel();
        QCOMPARE(order, (QStringList{"loading", "loaded"}));
        QCOMPARE(loading.count(), 1);
        QCOMPARE(loading.first().first().toInt(), -1); // busy: no progress steps
        QCOMPARE(loaded.count(), 1);
        const auto summary = loaded.first().first().value<ModelSummary>();
        QCOMPARE(summary.name, QStringLiteral("tiny-s1"));
        QCOMPARE(summary.variant, QStringLiteral("custom"));
        QCOMPARE(summary.layers, 7);
        QVERIFY(summary.canEncodeText);
        QVERIFY(summary.weightBytes > 1024 * 1024); // ~2 MB of float32 weights
        QVERIFY(summary.cacheBytes > 0);
        QVERIFY(summary.contextLength > 0);
        QVERIFY(summary.deviceBytes >= summary.weightBytes + summary.cacheBytes);
    }

    void shortRequestStreamsInOrder()
    {
        RequestLog log(m_bridge.get());
        TextRequest request;
        request.userText = QStringLiteral("Write a short poem about the sea.");
        request.maxNewTokens = 8;
        m_bridge->runText(request);
        QTRY_VERIFY_WITH_TIMEOUT(log.done(), t::kEngineTimeoutMs);
        QVERIFY2(log.error.isEmpty(), qPrintable(log.error));

        // Pieces first, then exactly one finished, and nothing after it.
        QCOMPARE(log.events.count("finished"), 1);
        QCOMPARE(log.events.last(), QStringLiteral("finished"));
        QVERIFY2(log.pieces() > 0, qPrintable(log.events.join(',')));
        QCOMPARE(log.emptyPieces, 0);
        QVERIFY(!(log.answer + log.thinking).isEmpty());
        qInfo("answer: %s | thinking: %s", qPrintable(log.answer), qPrintable(log.thinking));

        const RunStats& s = log.stats;
        QVERIFY(s.promptTokens > 5);
        QVERIFY(s.generatedTokens >= 1 && s.generatedTokens <= 8);
        QVERIFY(s.prefillMs > 0.0);
        QVERIFY(s.decodeMs > 0.0);
        QVERIFY(s.reason == StopReason::MaxTokens || s.reason == StopReason::StopToken);
        if (s.reason == StopReason::MaxTokens)
            QCOMPARE(s.generatedTokens, 8);
        if (s.generatedTokens > 1)
            QVERIFY(s.decodeTokensPerSecond > 0.0);
    }

    void stopEndsALongRequestEarly()
    {
        RequestLog log(m_bridge.get());
        TextRequest request;
        request.userText = QStringLiteral("Tell me a very long story about a lighthouse keeper.");
        request.maxNewTokens = 200;
        // Sampling keeps this gibberish model from ending on a stop token by chance; the seed
        // makes the run repeatable.
        request.temperature = 1.0;
        request.topK = 0;
        request.topP = 1.0;
        request.seed = 7;
        m_bridge->runText(request);
        QTRY_VERIFY_WITH_TIMEOUT(log.pieces() > 0 || log.done(), t::kEngineTimeoutMs);
        QVERIFY2(!log.done(), qPrintable(log.events.join(',')));
        m_bridge->stop();
        QVERIFY(m_bridge->stopRequested());
        QTRY_VERIFY_WITH_TIMEOUT(log.done(), t::kEngineTimeoutMs);
        QVERIFY2(log.error.isEmpty(), qPrintable(log.error));
        qInfo("stopped after %d of 200 tokens (%d pieces)", log.stats.generatedTokens, log.pieces());
        QCOMPARE(int(log.stats.reason), int(StopReason::Cancelled));
        QVERIFY2(log.stats.generatedTokens < 200, qPrintable(QString::number(log.stats.generatedTokens)));
        QCOMPARE(log.events.last(), QStringLiteral("finished"));

        // The next request runs normally: runText clears the cancel flag.
        RequestLog next(m_bridge.get());
        request.maxNewTokens = 4;
        m_bridge->runText(request);
        QTRY_VERIFY_WITH_TIMEOUT(next.done(), t::kEngineTimeoutMs);
        QVERIFY2(next.error.isEmpty(), qPrintable(next.error));
        QVERIFY(next.stats.reason != StopReason::Cancelled);
    }

    void folderThatIsNotAModelFails_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("expected");
        QTest::newRow("broken JSON") << QByteArray("{ \"model_type\": \"gemma4\", ") << "not valid JSON";
        QTest::newRow("another architecture")
            << QByteArray(R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama"})") << "llama";
        QTest::newRow("no weights") << QByteArray() << QString(); // filled with tiny-s1's config below
    }
    void folderThatIsNotAModelFails()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, expected);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        if (config.isEmpty()) {
            // A real config.json but no safetensors: the checkpoint reader must say so.
            QFile real(t::tinyModelDir() + QStringLiteral("/config.json"));
            QVERIFY(real.open(QIODevice::ReadOnly));
            config = real.readAll();
            expected = QStringLiteral("safetensors");
        }
        QVERIFY(t::writeFakeModel(folder.path(), config));

        QSignalSpy loaded(m_bridge.get(), &EngineBridge::modelLoaded);
        QSignalSpy failed(m_bridge.get(), &EngineBridge::modelFailed);
        m_bridge->loadModel(folder.path());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, t::kEngineTimeoutMs);
        QCOMPARE(loaded.count(), 0);
        const QString message = failed.first().first().toString();
        qInfo("modelFailed: %s", qPrintable(message));
        QVERIFY2(message.contains(folder.path()), qPrintable(message));
        QVERIFY2(message.contains(expected, Qt::CaseInsensitive), qPrintable(message));

        // The old model was released for the new one; a request now fails politely.
        RequestLog log(m_bridge.get());
        m_bridge->runText(TextRequest{QString(), QStringLiteral("hi"), false, 4});
        QTRY_VERIFY_WITH_TIMEOUT(log.done(), t::kEngineTimeoutMs);
        QCOMPARE(log.events, QStringList{QStringLiteral("failed")});
        QVERIFY2(log.error.contains(QStringLiteral("No model is loaded")), qPrintable(log.error));
    }

    void stillWorksAfterAFailedLoad()
    {
        loadTinyModel();
        RequestLog log(m_bridge.get());
        m_bridge->runText(TextRequest{QString(), QStringLiteral("Hello"), false, 3});
        QTRY_VERIFY_WITH_TIMEOUT(log.done(), t::kEngineTimeoutMs);
        QVERIFY2(log.error.isEmpty(), qPrintable(log.error));
        QVERIFY(log.stats.generatedTokens >= 1);
    }

    void unloadThenRunFails()
    {
        QSignalSpy unloaded(m_bridge.get(), &EngineBridge::modelUnloaded);
        m_bridge->unloadModel();
        QTRY_COMPARE_WITH_TIMEOUT(unloaded.count(), 1, t::kEngineTimeoutMs);
        RequestLog log(m_bridge.get());
        m_bridge->runText(TextRequest{QString(), QStringLiteral("Hello"), false, 3});
        QTRY_VERIFY_WITH_TIMEOUT(log.done(), t::kEngineTimeoutMs);
        QCOMPARE(log.events, QStringList{QStringLiteral("failed")});
    }

    void aMissingDeviceIsReportedNotFatal()
    {
        // GWB_DEVICE names a device that does not exist: the engine refuses to guess.
        qputenv("GWB_DEVICE", "no-such-gpu");
        EngineBridge bridge;
        QSignalSpy ready(&bridge, &EngineBridge::deviceReady);
        QSignalSpy failed(&bridge, &EngineBridge::deviceFailed);
        bridge.start();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() > 0, t::kEngineTimeoutMs);
        qunsetenv("GWB_DEVICE");
        QCOMPARE(ready.count(), 0);
        const QString message = failed.first().first().toString();
        qInfo("deviceFailed: %s", qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("no-such-gpu")), qPrintable(message));

        QSignalSpy modelFailed(&bridge, &EngineBridge::modelFailed);
        bridge.loadModel(t::tinyModelDir());
        QTRY_COMPARE_WITH_TIMEOUT(modelFailed.count(), 1, t::kEngineTimeoutMs);
        QVERIFY2(modelFailed.first().first().toString().contains(QStringLiteral("no Vulkan device")),
                 qPrintable(modelFailed.first().first().toString()));
    }

    void destroyingTheBridgeDuringARequestCancelsIt()
    {
        auto bridge = std::make_unique<EngineBridge>();
        QSignalSpy loaded(bridge.get(), &EngineBridge::modelLoaded);
        QSignalSpy pieces(bridge.get(), &EngineBridge::answerPiece);
        QSignalSpy thoughts(bridge.get(), &EngineBridge::thinkingPiece);
        bridge->loadModel(t::tinyModelDir()); // starts the thread and opens the device first
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, t::kEngineTimeoutMs);
        TextRequest request{QString(), QStringLiteral("Tell me a long story."), false, 200, 1.0, 0, 1.0, 3};
        bridge->runText(request);
        QTRY_VERIFY_WITH_TIMEOUT(pieces.count() + thoughts.count() > 0, t::kEngineTimeoutMs);
        QElapsedTimer timer;
        timer.start();
        bridge.reset(); // cancels, frees the model and device on the engine thread, joins it
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_MAIN(TestEngineBridge)
#include "test_engine_bridge.moc"
