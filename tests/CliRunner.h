#pragma once
// Runs the built gemma-workbench-cli (path from the GWB_CLI_PATH compile definition).
#include <QProcess>
#include <QString>
#include <QStringList>

namespace gwb::test {

struct CliResult {
  int exitCode = -1;  // -1 when it did not finish in time
  QString out, err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 600000) {
  QProcess p;
  p.start(QStringLiteral(GWB_CLI_PATH), args);
  if (!p.waitForFinished(timeoutMs)) return {};
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace gwb::test
