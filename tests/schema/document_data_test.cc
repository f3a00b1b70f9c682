// Tests of the document data encoding (schema/document_data.h).
#include "schema/document_data.h"

#include <gtest/gtest.h>

#include <string>

namespace facette {
namespace {

StoredArticle FullArticle() {
  StoredArticle a;
  a.id = "winer-fr/2016_01_14-001";
  a.title = "René Angélil meurt à 73 ans";
  a.date = "2016-01-14";
  a.url = "https://fr.wikinews.org/wiki/René_Angélil_meurt_à_73_ans";
  a.source = "fr.wikinews.org";
  a.entities[Index(EntityType::kPerson)] = {"René Angélil", "Céline Dion"};
  a.entities[Index(EntityType::kOrganization)] = {"Feeling"};
  a.entities[Index(EntityType::kLocation)] = {"Las Vegas", "Nevada"};
  a.dates_mentioned = {"2016-01-14", "2016-01", "1968"};
  a.body = "René Angélil, connu comme agent artistique…";
  return a;
}

TEST(DocumentDataTest, RoundTrip) {
  StoredArticle empty;
  StoredArticle full = FullArticle();
  StoredArticle with_nul = FullArticle();
  with_nul.id = std::string("a\0b", 3);
  with_nul.title = std::string("\0\0", 2);
  with_nul.entities[0] = {std::string("x\0y", 3), "", std::string(1, '\x1f')};
  StoredArticle long_strings = FullArticle();
  long_strings.title.assign(300, 'x');  // length needs a two-byte varint
  long_strings.entities[2].assign(200, "Paris");
  StoredArticle empty_strings;
  empty_strings.entities[1] = {"", ""};

  const StoredArticle* kCases[] = {&empty, &full, &with_nul, &long_strings, &empty_strings};
  for (const StoredArticle* a : kCases) {
    std::string data = EncodeDocumentData(*a);
    std::optional<StoredArticle> back = DecodeDocumentData(data);
    ASSERT_TRUE(back.has_value()) << a->id;
    EXPECT_EQ(*a, *back) << a->id;
  }
}

TEST(DocumentDataTest, EveryFieldIsKept) {
  // Changing any one field changes the decoded article, so no field is
  // silently dropped or swapped with another.
  StoredArticle base = FullArticle();
  std::string base_data = EncodeDocumentData(base);
  auto mutate = [](StoredArticle a, int which) {
    switch (which) {
      case 0:
        a.id += "!";
        break;
      case 1:
        a.title += "!";
        break;
      case 2:
        a.date = "2017-01-01";
        break;
      case 3:
        a.url += "!";
        break;
      case 4:
        a.source += "!";
        break;
      default:
        a.entities[static_cast<std::size_t>(which - 5)].push_back("X");
        break;
    }
    return a;
  };
  for (int which = 0; which < 8; ++which) {
    StoredArticle changed = mutate(base, which);
    std::string data = EncodeDocumentData(changed);
    EXPECT_NE(base_data, data) << which;
    std::optional<StoredArticle> back = DecodeDocumentData(data);
    ASSERT_TRUE(back.has_value()) << which;
    EXPECT_EQ(changed, *back) << which;
    EXPECT_FALSE(base == *back) << which;
  }
}

// Data written by the first format (no dates mentioned): built by hand here,
// byte by byte, as version 1 laid it out.
TEST(DocumentDataTest, ReadsVersionOneData) {
  std::string data = "\x01";
  for (std::string_view s : {"id-1", "Titre", "2016-01-14", "", ""}) {
    data.push_back(static_cast<char>(s.size()));
    data.append(s);
  }
  // Entity lists: one person, no organisation, one location.
  data += std::string("\x01\x05") + "Alice" + std::string("\x00\x01\x05", 3) + "Paris";
  std::optional<StoredArticle> a = DecodeDocumentData(data);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ("id-1", a->id);
  EXPECT_EQ("Titre", a->title);
  EXPECT_EQ(std::vector<std::string>{"Alice"}, a->entities[0]);
  EXPECT_TRUE(a->entities[1].empty());
  EXPECT_EQ(std::vector<std::string>{"Paris"}, a->entities[2]);
  EXPECT_TRUE(a->dates_mentioned.empty());
}

TEST(DocumentDataTest, RejectsTruncatedData) {
  std::string data = EncodeDocumentData(FullArticle());
  for (std::size_t n = 0; n < data.size(); ++n) {
    EXPECT_FALSE(DecodeDocumentData(std::string_view(data).substr(0, n)).has_value())
        << "truncated to " << n << " of " << data.size() << " bytes";
  }
}

TEST(DocumentDataTest, RejectsWrongVersionAndTrailingGarbage) {
  std::string data = EncodeDocumentData(FullArticle());
  ASSERT_TRUE(DecodeDocumentData(data).has_value());

  std::string wrong_version = data;
  wrong_version[0] = '\x04';
  EXPECT_FALSE(DecodeDocumentData(wrong_version).has_value());
  wrong_version[0] = '\x00';
  EXPECT_FALSE(DecodeDocumentData(wrong_version).has_value());

  EXPECT_FALSE(DecodeDocumentData(data + "x").has_value());
  EXPECT_FALSE(DecodeDocumentData(data + std::string(1, '\0')).has_value());
  EXPECT_FALSE(DecodeDocumentData("").has_value());
  EXPECT_FALSE(DecodeDocumentData("not document data").has_value());
}

TEST(DocumentDataTest, RejectsHugeLengths) {
  // A string length or entity count larger than the data must not make the
  // decoder read past the end or allocate for it.
  std::string data(1, '\x01');
  data += "\xff\xff\xff\xff\xff\xff\xff\xff\x7f";  // id length ~2^63
  EXPECT_FALSE(DecodeDocumentData(data).has_value());

  std::string counts = EncodeDocumentData(StoredArticle{});
  counts.resize(counts.size() - 3);  // drop the three counts
  counts += "\xff\xff\xff\xff\x0f";  // 2^32-1 persons
  counts += std::string(2, '\0');    // no organisations, no locations
  EXPECT_FALSE(DecodeDocumentData(counts).has_value());

  std::string overlong(1, '\x01');
  overlong += std::string(10, '\x80') + "\x01";  // a varint longer than 64 bits
  EXPECT_FALSE(DecodeDocumentData(overlong).has_value());
}

}  // namespace
}  // namespace facette
