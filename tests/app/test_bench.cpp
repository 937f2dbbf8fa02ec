// `gemma-workbench-cli bench` on the tiny fixture (lavapipe under CTest) with tiny sizes: the JSON
// report has every section and its numbers are positive. Speed itself is measured on GPUs
// (docs/benchmarks.md), never asserted here.
#include <QTest>

#include "CliRunner.h"

#include <nlohmann/json.hpp>

#include "runtime/FixtureSets.h"

using gwb::test::CliResult;
using gwb::test::runCli;
using nlohmann::json;

class TestBench : public QObject {
  Q_OBJECT
 private slots:
  void jsonReportHasEverySection() {
    const auto sets = gwb::test::fixtureSets();
    QVERIFY(!sets.empty());
    const CliResult r = runCli({"bench", QString::fromStdString(sets.front().string()), "--prompt-tokens", "6,12",
                                "--decode-tokens", "3", "--depths", "5,24", "--repeat", "2", "--warmup", "1",
                                "--profile-tokens", "2", "--skip-encoders", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const json j = json::parse(r.out.toStdString());

    QCOMPARE(j["prefill"].size(), size_t(2));
    QCOMPARE(j["prefill"][0]["tokens"].get<int>(), 6);
    for (const auto& p : j["prefill"]) {
      QVERIFY(p["median_ms"].get<double>() > 0);
      QVERIFY(p["tokens_per_s"].get<double>() > 0);
      QCOMPARE(p["runs_ms"].size(), size_t(2));
    }
    QCOMPARE(j["decode"].size(), size_t(2));
    QCOMPARE(j["decode"][1]["depth"].get<int>(), 24);
    for (const auto& d : j["decode"]) {
      QVERIFY(d["median_ms_per_token"].get<double>() > 0);
      QVERIFY(d["tokens_per_s"].get<double>() > 0);
      QCOMPARE(d["runs_tokens_per_s"].size(), size_t(2));
    }
    // The profile: every op family reported, decode spends GPU time in matvecs, attention and
    // norms, and the families add up to the total.
    QCOMPARE(j["profile"]["decode"].size(), size_t(2));
    for (const auto& d : j["profile"]["decode"]) {
      const auto& f = d["families_ms"];
      for (const char* name : {"matmul", "matvec", "attention", "norms", "other"}) QVERIFY2(f.contains(name), name);
      QVERIFY(f["matvec"].get<double>() > 0);
      QVERIFY(f["attention"].get<double>() > 0);
      QVERIFY(f["norms"].get<double>() > 0);
      double sum = 0;
      for (const auto& [name, ms] : f.items()) sum += ms.get<double>();
      QVERIFY(std::abs(sum - d["gpu_ms"].get<double>()) <= 1e-6 * sum + 1e-9);
      QVERIFY(d["wall_ms"].get<double>() > 0);
      QVERIFY(!d["pipelines"].empty());
    }
    QVERIFY(j["profile"]["prefill"]["gpu_ms"].get<double>() > 0);
    QVERIFY(j["memory"]["peak_device_bytes"].get<double>() > 0);
    QVERIFY(j["encoders"].is_array());
    QVERIFY(!j["device"].get<std::string>().empty());
  }

  void badListsAreUsageErrors() {
    const auto sets = gwb::test::fixtureSets();
    QVERIFY(!sets.empty());
    const CliResult r = runCli({"bench", QString::fromStdString(sets.front().string()), "--depths", "512,x"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--depths"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestBench)
#include "test_bench.moc"
