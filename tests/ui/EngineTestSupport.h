#pragma once
// Shared by the engine-bridge UI tests: where the tiny real checkpoint lives, and a folder that
// looks like a model but is not one.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

namespace gwb::test {

// tiny-s1: a 7-layer float32 Gemma 4 with random weights, tokenizer and chat template (see
// ../shared/fixtures/README.md). Its answers are gibberish, but real.
inline QString tinyModelDir()
{
    return QDir::cleanPath(QStringLiteral(GWB_SHARED_DIR) + QStringLiteral("/fixtures/tiny-s1"));
}

// Writes `folder`/config.json with `content` (and nothing else).
inline bool writeFakeModel(const QString& folder, const QByteArray& content)
{
    QFile file(QDir(folder).filePath(QStringLiteral("config.json")));
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Requests on lavapipe with the validation layer on: a load and a few decode steps take seconds.
constexpr int kEngineTimeoutMs = 60000;

} // namespace gwb::test
