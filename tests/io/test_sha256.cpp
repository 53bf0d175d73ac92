// SHA-256 against the FIPS 180-4 / NIST example digests, across the one- and two-block tails.
#include <gtest/gtest.h>

#include <string>

#include "neurofit/io/sha256.hpp"

using neurofit::io::sha256_hex;

TEST(Sha256, NistExamples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, OneByteChangesTheDigest) {
  EXPECT_NE(sha256_hex("seed: 1\n"), sha256_hex("seed: 2\n"));
  EXPECT_EQ(sha256_hex("seed: 1\n").size(), 64u);
}
