// The per-layer-embedding table on the host (PleTable.h): rows stored in every type a checkpoint
// may hold them in (safetensors f32 / f16 / bf16; GGUF files from llama.cpp's quantize, which
// treats per_layer_token_embd like token_embd: Q8_0, Q4_0, Q4_K, Q5_K, Q6_K), gathered for a
// chunk's ids. The reference is the block codec's own dequantize (QuantBlocks.h) times the scale,
// so every gathered value must be exact; bad tables and ids must be refused with clear errors.
#include <QtTest>

#include <random>
#include <stdexcept>
#include <vector>

#include "inference/model/GgufCheckpoint.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/PleTable.h"
#include "inference/model/QuantBlocks.h"

using namespace gwb::model;

namespace {

std::vector<float> randomRows(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> dist(0.0f, 0.03f);  // the spread of a real table's values
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

struct StoredTable {
  std::vector<std::byte> bytes;
  QuantizedTensorView view;
};

StoredTable storeTable(GgmlType type, int64_t rows, int64_t width, const std::vector<float>& values) {
  StoredTable t;
  t.bytes.resize(size_t(rows) * rowBytes(type, size_t(width)));
  quantizeRows(type, values.data(), size_t(rows), size_t(width), t.bytes.data());
  t.view = {"embed_tokens_per_layer.weight", type, {rows, width}, t.bytes.data(), t.bytes.size()};
  return t;
}

}  // namespace

class TestPleTable : public QObject {
  Q_OBJECT
 private slots:
  void gathersEveryStoredTypeExactly() {
    const int64_t rows = 9, width = 512;  // two K-quant blocks per row
    const float scale = 16.0f;
    const std::vector<int32_t> ids{8, 0, 3, 3, 5};
    for (GgmlType type : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0,
                          GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K}) {
      const auto values = randomRows(size_t(rows * width), 40 + uint64_t(type));
      const StoredTable stored = storeTable(type, rows, width, values);
      const PleTable table = PleTable::fromQuantized(stored.view);
      QCOMPARE(table.rows(), rows);
      QCOMPARE(table.width(), width);
      QCOMPARE(table.rowBytes(), uint64_t(rowBytes(type, size_t(width))));
      QVERIFY(table.storedRows() == stored.bytes.data());
      std::vector<float> got;
      table.gather(ids, scale, got);
      QCOMPARE(got.size(), ids.size() * size_t(width));
      std::vector<float> row(static_cast<size_t>(width));
      double worst = 0;
      for (size_t t = 0; t < ids.size(); ++t) {
        dequantizeRow(type, stored.bytes.data() + size_t(ids[t]) * table.rowBytes(), size_t(width), row.data());
        for (int64_t c = 0; c < width; ++c) {
          const float g = got[t * size_t(width) + size_t(c)];
          if (g != row[size_t(c)] * scale) {
            QFAIL(qPrintable(QString("%1: id %2 column %3: %4 != %5").arg(ggmlTypeName(type).data()).arg(ids[t]).arg(c)
                                 .arg(g).arg(row[size_t(c)] * scale)));
          }
          worst = std::max(worst, double(std::abs(g / scale - values[size_t(ids[t]) * size_t(width) + size_t(c)])));
        }
      }
      // The rows are the table's values, not merely self-consistent: within 4-bit rounding of the
      // table's range (values ~N(0, 0.03): |x| < 0.2, a 4-bit step is below 0.03).
      QVERIFY2(worst < 0.03, qPrintable(QString("%1 rows %2 away from the table").arg(ggmlTypeName(type).data()).arg(worst)));
    }
  }

  void refusesBadTablesAndIds() {
    const auto values = randomRows(4 * 256, 3);
    StoredTable t = storeTable(GgmlType::Q8_0, 4, 256, values);
    t.view.bytes -= 34;  // one block short
    QVERIFY_THROWS_EXCEPTION(CheckpointError, PleTable::fromQuantized(t.view));
    t.view.bytes += 34;
    t.view.shape = {4, 250};  // rows that are not whole blocks
    QVERIFY_THROWS_EXCEPTION(CheckpointError, PleTable::fromQuantized(t.view));
    t.view.shape = {4, 256};
    const PleTable table = PleTable::fromQuantized(t.view);
    std::vector<float> out;
    const std::vector<int32_t> tooBig{4}, negative{-1};
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.gather(tooBig, 1.0f, out));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.gather(negative, 1.0f, out));
  }
};

QTEST_APPLESS_MAIN(TestPleTable)
#include "test_ple_table.moc"
