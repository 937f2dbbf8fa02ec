// Hostile GGUF files: every lie a header can tell (sizes, counts, offsets, types, dimensions,
// truncation at every byte) gives a CheckpointError whose message names the file and the problem —
// never a crash, a huge allocation or another exception type. The files are built byte by byte.
#include <QtTest>

#include <cstring>

#include "ModelTestSupport.h"
#include "inference/model/GgufFile.h"
#include "inference/model/GgufHeader.h"
#include "inference/model/ModelErrors.h"

using namespace gwb::model;

namespace {

// Little-endian byte builder.
struct Bytes {
  std::string s;
  template <typename T>
  Bytes& put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    s.append(b, sizeof(T));
    return *this;
  }
  Bytes& str(const std::string& v) {
    put<uint64_t>(v.size());
    s += v;
    return *this;
  }
  Bytes& padTo(size_t a) {
    while (s.size() % a) s.push_back('\0');
    return *this;
  }
};

struct Spec {
  uint32_t version = 3;
  uint64_t tensorCount = 1;
  uint64_t kvCount = 2;
  uint64_t strLen = 0;        // 0: the real length of the name value
  uint64_t arrayCount = 3;
  uint32_t arrayType = 5;     // i32
  uint32_t nDims = 2;
  uint64_t ne0 = 4, ne1 = 2;
  uint32_t ggmlType = 0;      // F32
  uint64_t offset = 0;
  size_t dataBytes = 32;      // 4 * 2 * 4
};

std::string build(const Spec& sp) {
  Bytes b;
  b.s = "GGUF";
  b.put<uint32_t>(sp.version).put<uint64_t>(sp.tensorCount).put<uint64_t>(sp.kvCount);
  b.str("general.name").put<uint32_t>(8);
  const std::string name = "tiny";
  b.put<uint64_t>(sp.strLen ? sp.strLen : name.size());
  b.s += name;
  b.str("x.list").put<uint32_t>(9).put<uint32_t>(sp.arrayType).put<uint64_t>(sp.arrayCount);
  for (int i = 0; i < 3; ++i) b.put<int32_t>(i);
  b.str("w").put<uint32_t>(sp.nDims).put<uint64_t>(sp.ne0);
  if (sp.nDims >= 2) b.put<uint64_t>(sp.ne1);
  for (uint32_t d = 2; d < sp.nDims && d < 8; ++d) b.put<uint64_t>(1);
  b.put<uint32_t>(sp.ggmlType).put<uint64_t>(sp.offset);
  b.padTo(32);
  b.s.append(sp.dataBytes, '\x11');
  return b.s;
}

// Parses bytes in memory and returns the error message ("" when it parsed).
std::string errorOf(const std::string& bytes) {
  try {
    parseGgufHeader(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size(), "evil.gguf");
    return "";
  } catch (const CheckpointError& e) {
    return e.what();
  }
}

}  // namespace

class TestGgufErrors : public QObject {
  Q_OBJECT
 private slots:
  void validBaseParses() {
    const std::string bytes = build({});
    const GgufHeader h = parseGgufHeader(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size(), "ok.gguf");
    QCOMPARE(h.tensors.size(), size_t(1));
    QCOMPARE(h.tensors[0].bytes, uint64_t(32));
    QCOMPARE(h.kvs[1].value.ints, (std::vector<int64_t>{0, 1, 2}));
  }

  void lies_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad magic") << "magic" << "not a GGUF file";
    QTest::newRow("version 1") << "version1" << "version 1 is not supported";
    QTest::newRow("version 99") << "version99" << "version 99";
    QTest::newRow("absurd tensor count") << "tensorCount" << "tensors, more than the file can hold";
    QTest::newRow("absurd kv count") << "kvCount" << "metadata entries, more than the file can hold";
    QTest::newRow("string longer than file") << "strLen" << "file is truncated";
    QTest::newRow("giant string") << "strHuge" << "the file is corrupt";
    QTest::newRow("absurd array count") << "arrayCount" << "elements of type i32";
    QTest::newRow("unknown array type") << "arrayType" << "unknown value type 77";
    QTest::newRow("array of arrays") << "nestedArray" << "arrays of arrays";
    QTest::newRow("zero dims") << "dims0" << "has 0 dimensions";
    QTest::newRow("five dims") << "dims5" << "has 5 dimensions";
    QTest::newRow("zero dimension") << "ne0" << "which is not a real size";
    QTest::newRow("element count overflow") << "overflow" << "which is not a real size";
    QTest::newRow("unknown ggml type") << "type" << "ggml type 99";
    QTest::newRow("rows not whole blocks") << "q8rows" << "not a multiple of the Q8_0 block size 32";
    QTest::newRow("misaligned offset") << "misaligned" << "not a multiple of the alignment";
    QTest::newRow("offset past end") << "offsetPastEnd" << "runs past the end of the file";
    QTest::newRow("data truncated") << "shortData" << "runs past the end of the file";
  }

  void lies() {
    QFETCH(QString, field);
    QFETCH(QString, expected);
    Spec sp;
    std::string bytes;
    const std::string f = field.toStdString();
    if (f == "version1") sp.version = 1;
    if (f == "version99") sp.version = 99;
    if (f == "tensorCount") sp.tensorCount = 1ull << 60;
    if (f == "kvCount") sp.kvCount = 1ull << 40;
    if (f == "strLen") sp.strLen = 5000;
    if (f == "strHuge") sp.strLen = 1ull << 62;
    if (f == "arrayCount") sp.arrayCount = 1ull << 50;
    if (f == "arrayType") sp.arrayType = 77;
    if (f == "nestedArray") sp.arrayType = 9;
    if (f == "dims0") sp.nDims = 0;
    if (f == "dims5") sp.nDims = 5;
    if (f == "ne0") sp.ne0 = 0;
    if (f == "overflow") sp.ne0 = sp.ne1 = 1ull << 63;
    if (f == "type") sp.ggmlType = 99;
    if (f == "q8rows") sp.ggmlType = 8;
    if (f == "misaligned") sp.offset = 4;
    if (f == "offsetPastEnd") sp.offset = 1ull << 40;
    if (f == "shortData") sp.dataBytes = 31;
    bytes = build(sp);
    if (f == "magic") bytes[0] = 'X';
    const std::string msg = errorOf(bytes);
    QVERIFY2(msg.rfind("evil.gguf: ", 0) == 0, msg.c_str());
    QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
  }

  void duplicatesAndBadAlignment() {
    Bytes b;
    b.s = "GGUF";
    b.put<uint32_t>(3).put<uint64_t>(0).put<uint64_t>(2);
    b.str("k").put<uint32_t>(4).put<uint32_t>(1);
    b.str("k").put<uint32_t>(4).put<uint32_t>(2);
    QVERIFY(errorOf(b.s).find("'k' appears twice") != std::string::npos);

    Bytes a;
    a.s = "GGUF";
    a.put<uint32_t>(3).put<uint64_t>(0).put<uint64_t>(1);
    a.str("general.alignment").put<uint32_t>(4).put<uint32_t>(24);
    QVERIFY(errorOf(a.s).find("power of two") != std::string::npos);

    Bytes t;  // two tensors, the second overlapping the first
    t.s = "GGUF";
    t.put<uint32_t>(3).put<uint64_t>(2).put<uint64_t>(0);
    t.str("a").put<uint32_t>(1).put<uint64_t>(16).put<uint32_t>(0).put<uint64_t>(0);
    t.str("b").put<uint32_t>(1).put<uint64_t>(16).put<uint32_t>(0).put<uint64_t>(64);
    t.padTo(32);
    t.s.append(128, '\0');
    QVERIFY(errorOf(t.s).empty());
    Bytes o = t;
    o.s = "GGUF";
    o.put<uint32_t>(3).put<uint64_t>(2).put<uint64_t>(0);
    o.str("a").put<uint32_t>(1).put<uint64_t>(16).put<uint32_t>(0).put<uint64_t>(0);
    o.str("a").put<uint32_t>(1).put<uint64_t>(16).put<uint32_t>(0).put<uint64_t>(64);
    o.padTo(32);
    o.s.append(128, '\0');
    QVERIFY(errorOf(o.s).find("'a' appears twice") != std::string::npos);
    Bytes v;
    v.s = "GGUF";
    v.put<uint32_t>(3).put<uint64_t>(2).put<uint64_t>(0);
    v.str("a").put<uint32_t>(1).put<uint64_t>(16).put<uint32_t>(0).put<uint64_t>(0);
    v.str("b").put<uint32_t>(1).put<uint64_t>(16).put<uint32_t>(0).put<uint64_t>(32 /* a is 64 bytes */ - 0);
    v.padTo(32);
    v.s.append(128, '\0');
    QVERIFY(errorOf(v.s).find("overlap") != std::string::npos);
  }

  // Cut the valid file at every length: always a CheckpointError, never a crash.
  void truncatedAtEveryByte() {
    const std::string bytes = build({});
    for (size_t n = 0; n < bytes.size(); ++n) {
      const std::string cut = bytes.substr(0, n);
      const std::string msg = errorOf(cut);
      QVERIFY2(!msg.empty(), ("accepted a file cut at " + std::to_string(n)).c_str());
    }
  }

  void missingAndEmptyFiles() {
    QTemporaryDir tmp;
    const auto dir = std::filesystem::path(tmp.path().toStdString());
    QVERIFY_THROWS_EXCEPTION(CheckpointError, GgufFile(dir / "absent.gguf"));
    test::writeFile(dir / "empty.gguf", "");
    try {
      GgufFile f(dir / "empty.gguf");
      QFAIL("an empty file was accepted");
    } catch (const CheckpointError& e) {
      QVERIFY2(std::string(e.what()).find("too short") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestGgufErrors)
#include "test_gguf_errors.moc"
