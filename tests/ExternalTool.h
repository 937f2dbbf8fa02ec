#pragma once
// Runs the command-line tools tests make their media with (ffmpeg, sox, espeak-ng; all in
// scripts/debian-packages.txt).
#include <QProcess>
#include <QString>
#include <QStringList>

namespace gwb::test {

// Runs `program args...`; "" on success, else what went wrong: the tool did not start (not
// installed?), timed out, or failed (the command, its exit code and the tail of its stderr).
// Use as QCOMPARE(runTool(...), QString()) so a failure shows the message.
inline QString runTool(const QString& program, const QStringList& args, int timeoutMs = 120000) {
  QProcess process;
  process.start(program, args);
  if (!process.waitForStarted(10000)) {
    return program + " did not start (is it installed? see scripts/debian-packages.txt): " + process.errorString();
  }
  if (!process.waitForFinished(timeoutMs)) {
    process.kill();
    process.waitForFinished();
    return program + " timed out";
  }
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
    return program + " " + args.join(' ') + " failed with code " + QString::number(process.exitCode()) + ": " +
           QString::fromLocal8Bit(process.readAllStandardError()).right(600);
  }
  return {};
}

// ffmpeg with errors only on stderr (-v error), overwriting its outputs (-y).
inline QString runFfmpeg(const QStringList& args, int timeoutMs = 120000) {
  return runTool(QStringLiteral("ffmpeg"), QStringList{"-v", "error", "-y"} + args, timeoutMs);
}

}  // namespace gwb::test
