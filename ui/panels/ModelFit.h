#pragma once
// Which Gemma 4 models fit this machine: the memory each released model needs (weights as
// stored plus the KV cache the app allocates) against the memory the device offers — the GPU's
// device-local heap, or the computer's RAM when the CPU (lavapipe) runs the model.
#include <QList>
#include <QString>

namespace gwb::ui {

struct KnownModel {
    QString name;         // "Gemma 4 E2B (instruction-tuned)"
    QString repository;   // "google/gemma-4-E2B-it" on Hugging Face
    qint64 weightBytes;   // bf16 weights the engine uploads
    qint64 cacheBytes;    // f16 KV cache at the app's default context (4096 tokens)
    qint64 totalBytes() const { return weightBytes + cacheBytes; }
};

class ModelFit {
public:
    enum class Verdict { Unknown, Fits, Tight, TooBig };

    // The released models the app runs, smallest first.
    static const QList<KnownModel>& knownModels();
    // Total RAM of this computer in bytes (0 if unknown).
    static qint64 systemMemoryBytes();
    // Fits: needs at most 80 % of what is available (the rest is for the desktop, the other
    // buffers and the app itself); Tight: up to 100 %; TooBig: more; Unknown: nothing known.
    static Verdict verdict(qint64 neededBytes, qint64 availableBytes);
    static QString verdictText(Verdict verdict);
    // "3.4 GiB"
    static QString gib(qint64 bytes);
};

} // namespace gwb::ui
