package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The known answer is libsodium's (jedisct1/libsodium test/default/secretbox_easy.c at e747cec6,
 * output in secretbox_easy.exp at 0f1f8a6e): NaCl's secretbox test, key "firstkey", 131-byte message.
 */
class SecretBoxTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] KEY = HEX.parseHex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
  private static final byte[] NONCE = HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
  private static final byte[] MESSAGE = HEX.parseHex(
      "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c6129"
          + "6cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
          + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");
  private static final byte[] BOX = HEX.parseHex(
      "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186a"
          + "c0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae"
          + "90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74"
          + "e355a5");

  @Test
  void sealGivesLibsodiumsTagThenCiphertext() {
    assertThat(HEX.formatHex(SecretBox.seal(MESSAGE, NONCE, KEY))).isEqualTo(HEX.formatHex(BOX));
  }

  @Test
  void openReturnsTheMessage() {
    assertThat(SecretBox.open(BOX, NONCE, KEY)).hasValueSatisfying(m -> assertThat(m).isEqualTo(MESSAGE));
  }

  @Test
  void emptyMessageIsATagAlone() {
    byte[] box = SecretBox.seal(new byte[0], NONCE, KEY);
    assertThat(box).hasSize(SecretBox.TAG_BYTES);
    assertThat(SecretBox.open(box, NONCE, KEY)).hasValueSatisfying(m -> assertThat(m).isEmpty());
  }

  @Test
  void anyFlippedBitOrOtherKeyOrNonceDoesNotOpen() {
    for (int i = 0; i < BOX.length; i += 7) {
      byte[] altered = BOX.clone();
      altered[i] ^= 0x01;
      assertThat(SecretBox.open(altered, NONCE, KEY)).as("bit flipped at byte %d", i).isEmpty();
    }
    byte[] otherKey = KEY.clone();
    otherKey[31] ^= 0x01;
    assertThat(SecretBox.open(BOX, NONCE, otherKey)).isEmpty();
    byte[] otherNonce = NONCE.clone();
    otherNonce[0] ^= 0x01;
    assertThat(SecretBox.open(BOX, otherNonce, KEY)).isEmpty();
    assertThat(SecretBox.open(new byte[SecretBox.TAG_BYTES - 1], NONCE, KEY)).isEmpty();
  }

  @Test
  void wrongSizedKeyOrNonceIsMisuse() {
    assertThatThrownBy(() -> SecretBox.seal(MESSAGE, NONCE, new byte[16]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("secretbox key must be 32 bytes, not 16");
    assertThatThrownBy(() -> SecretBox.open(BOX, new byte[12], KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("secretbox nonce must be 24 bytes, not 12");
  }
}
