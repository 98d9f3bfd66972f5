package shop.common.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldsTest {

  private static ApiError refused(String field, String value, boolean multiLine) {
    Fields f = new Fields(new JsonObject().put(field, value));
    assertNull(multiLine ? f.text(field, true, 0, 100) : f.string(field, true, 0, 100), value);
    return assertThrows(ApiError.class, f::check);
  }

  @Test
  void invisibleControlAndMalformedCharactersAre400ForTheField() {
    for (String bad : List.of("victim\u200b@example.com", "vic\u0000tim", "\ufeffvictim", "ann\u200d", "ann\u200e",
      "ann\u202e", "ann\u2060x", "a\u00adb", "ann\ud800", "\udc00ann", "ann\u0007", "ann\u001b[31m", "trailing NUL\u0000",
      "line\nbreak", "tab\there", "cr\r")) {
      ApiError e = refused("name", bad, false);
      assertEquals(400, e.status());
      assertEquals("must not contain control, invisible formatting or malformed characters",
        e.body().getJsonObject("details").getString("name"), bad);
    }
  }

  @Test
  void freeTextAllowsLineBreaksAndTabsOnly() {
    Fields f = new Fields(new JsonObject().put("d", "first line\r\nsecond\tline\n"));
    assertEquals("first line\r\nsecond\tline", f.text("d", true, 0, 100));
    f.check();
    for (String bad : List.of("a\u0000b", "a\u200bb", "a\ufeff", "a\ud83d")) {
      assertEquals(400, refused("d", bad, true).status(), bad);
    }
  }

  @Test
  void ordinaryUnicodeStaysIntact() {
    for (String good : List.of("Zoë Ångström", "José", "山田太郎", "Ünal 🎉", "Привет", "ﬁne", "O'Brien-Smith")) {
      Fields f = new Fields(new JsonObject().put("name", good));
      assertEquals(good, f.string("name", true, 1, 100));
      f.check();
    }
    assertTrue(Fields.isPlain("🎉", false), "a surrogate pair is one character, not a malformed one");
  }
}
