// The build-time rewrite of NV cooperative-matrix SPIR-V into the KHR form
// (shaders/spirv/CoopMatKhrRewrite.h). Lavapipe runs neither form, so this checks the rewritten
// modules instruction by instruction against their NV originals; the H100 runs both builds of
// every tile in `selftest --op matmul`.
#include <QTest>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "shaders/ShaderRegistry.h"
#include "shaders/spirv/CoopMatKhrRewrite.h"

namespace {

struct Ins {
  uint32_t op;
  std::vector<uint32_t> w;  // the whole instruction
};

std::vector<Ins> decode(const std::vector<uint32_t>& words) {
  std::vector<Ins> out;
  for (size_t i = 5; i < words.size();) {
    const uint32_t n = words[i] >> 16;
    if (n == 0 || i + n > words.size()) throw std::runtime_error("bad instruction stream");
    out.push_back({words[i] & 0xffffu, std::vector<uint32_t>(words.begin() + long(i), words.begin() + long(i + n))});
    i += n;
  }
  return out;
}

std::vector<uint32_t> blob(const std::string& name) {
  const gwb::shaders::ShaderBlob* b = gwb::shaders::find(name);
  if (!b) throw std::runtime_error("no shader " + name);
  return {b->words, b->words + b->wordCount};
}

std::vector<const Ins*> withOp(const std::vector<Ins>& code, uint32_t op) {
  std::vector<const Ins*> out;
  for (const Ins& i : code) {
    if (i.op == op) out.push_back(&i);
  }
  return out;
}

bool hasExtension(const std::vector<Ins>& code, const std::string& name) {
  for (const Ins* e : withOp(code, 10)) {
    const std::string s(reinterpret_cast<const char*>(e->w.data() + 1));
    if (s == name) return true;
  }
  return false;
}

// NV -> KHR opcodes (SPV_NV_cooperative_matrix, SPV_KHR_cooperative_matrix).
constexpr uint32_t kTypeNv = 5358, kLoadNv = 5359, kStoreNv = 5360, kMulAddNv = 5361;
constexpr uint32_t kTypeKhr = 4456, kLoadKhr = 4457, kStoreKhr = 4458, kMulAddKhr = 4459;

}  // namespace

class TestCoopMatKhrRewrite : public QObject {
  Q_OBJECT
 private slots:
  void rewritesTheTiles_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("128x256 f16") << "matmul_f16w_coopmat_128x256";
    QTest::newRow("64x128 k2 bf16 x-f16") << "matmul_bf16w_xh_coopmat_64x128_n8_k2";
    QTest::newRow("128x128 k-layers f32") << "matmul_f32w_coopmat_128x128_n8_kl";
    QTest::newRow("MMA probe") << "matmul_f16w_coopmat_probe_mma";
  }
  void rewritesTheTiles() {
    QFETCH(QString, name);
    const std::vector<uint32_t> nv = blob(name.toStdString());
    const std::vector<uint32_t> khr = gwb::spirv::rewriteNvCoopMatToKhr(nv);
    // The embedded _khr build is this rewrite of the NV build.
    QVERIFY(khr == blob(name.toStdString() + "_khr"));
    QCOMPARE(khr[3], nv[3] + 3);  // id bound: the three new uint constants

    const std::vector<Ins> a = decode(nv), b = decode(khr);
    QCOMPARE(b.size(), a.size() + 3);
    for (uint32_t op : {kTypeNv, kLoadNv, kStoreNv, kMulAddNv, 5362u}) QVERIFY(withOp(b, op).empty());
    QCOMPARE(withOp(b, kTypeKhr).size(), withOp(a, kTypeNv).size());
    QCOMPARE(withOp(b, kMulAddKhr).size(), withOp(a, kMulAddNv).size());
    QVERIFY(!withOp(a, kMulAddNv).empty());
    bool capNv = false, capKhr = false;
    for (const Ins* c : withOp(b, 17)) {
      capNv |= c->w[1] == 5357;
      capKhr |= c->w[1] == 6022;
    }
    QVERIFY(!capNv && capKhr);
    QVERIFY(hasExtension(b, "SPV_KHR_cooperative_matrix"));
    QVERIFY(!hasExtension(b, "SPV_NV_cooperative_matrix"));

    std::map<uint32_t, uint32_t> constant, floatWidth;
    uint32_t trueId = 0;
    for (const Ins& i : b) {
      if (i.op == 43) constant[i.w[2]] = i.w[3];
      if (i.op == 22) floatWidth[i.w[1]] = i.w[2];
      if (i.op == 41) trueId = i.w[2];
    }
    // Uses: f32 matrices accumulate; f16 16 x 16 is A (M x K) and f16 16 x 8 is B (K x N).
    for (const Ins* t : withOp(b, kTypeKhr)) {
      const uint32_t width = floatWidth.at(t->w[2]), rows = constant.at(t->w[4]), cols = constant.at(t->w[5]);
      const uint32_t use = constant.at(t->w[6]);
      if (width == 32) {
        QCOMPARE(use, 2u);
      } else {
        QCOMPARE(width, 16u);
        QCOMPARE(rows, 16u);
        QCOMPARE(use, cols == 16 ? 0u : 1u);
      }
    }
    // Loads and stores in the same order, same pointer / stride / memory operands; the layout
    // constant is ColumnMajor (1) exactly where NV's ColumnMajor operand was `true`.
    const auto loadsNv = withOp(a, kLoadNv), loadsKhr = withOp(b, kLoadKhr);
    QCOMPARE(loadsKhr.size(), loadsNv.size());
    for (size_t i = 0; i < loadsNv.size(); ++i) {
      const std::vector<uint32_t>& n = loadsNv[i]->w;
      const std::vector<uint32_t>& k = loadsKhr[i]->w;
      QCOMPARE(k.size(), n.size());
      QCOMPARE(k[3], n[3]);                                      // pointer
      QCOMPARE(k[5], n[4]);                                      // stride
      QCOMPARE(constant.at(k[4]), n[5] == trueId ? 1u : 0u);     // layout
      QVERIFY(std::equal(n.begin() + 6, n.end(), k.begin() + 6));  // memory operands
    }
    const auto storesNv = withOp(a, kStoreNv), storesKhr = withOp(b, kStoreKhr);
    QCOMPARE(storesKhr.size(), storesNv.size());
    for (size_t i = 0; i < storesNv.size(); ++i) {
      const std::vector<uint32_t>& n = storesNv[i]->w;
      const std::vector<uint32_t>& k = storesKhr[i]->w;
      QCOMPARE(k[1], n[1]);
      QCOMPARE(k[2], n[2]);
      QCOMPARE(k[4], n[3]);
      QCOMPARE(constant.at(k[3]), n[4] == trueId ? 1u : 0u);
    }
  }

  void refusesATypeInTwoRoles() {
    // The 16x16x16 tiles load A and B as one f16 16 x 16 type: no single Use fits it.
    try {
      gwb::spirv::rewriteNvCoopMatToKhr(blob("matmul_f16w_coopmat_128x128"));
      QFAIL("the rewrite accepted a matrix type used as A and B");
    } catch (const gwb::spirv::RewriteError& e) {
      QVERIFY2(std::string(e.what()).find("two roles") != std::string::npos, e.what());
    }
  }

  void refusesWhatIsNotAnNvKernel() {
    QVERIFY_THROWS_EXCEPTION(gwb::spirv::RewriteError, gwb::spirv::rewriteNvCoopMatToKhr(blob("rmsnorm")));
    std::vector<uint32_t> truncated = blob("matmul_f16w_coopmat_128x256");
    truncated.resize(6);  // the header and one word of the first (two-word) OpCapability
    QVERIFY_THROWS_EXCEPTION(gwb::spirv::RewriteError, gwb::spirv::rewriteNvCoopMatToKhr(truncated));
    const std::vector<uint32_t> notSpirv = {1, 2, 3, 4, 5, 6};
    QVERIFY_THROWS_EXCEPTION(gwb::spirv::RewriteError, gwb::spirv::rewriteNvCoopMatToKhr(notSpirv));
  }
};

QTEST_GUILESS_MAIN(TestCoopMatKhrRewrite)
#include "test_coopmat_khr_rewrite.moc"
