package shop.user;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation under which emails and usernames are "the same": compatibility forms
 * folded (NFKC: fullwidth and ligature letters become plain ones), then lower-cased, then NFKC
 * again (lower-casing can leave a non-normal form). The unique keys and the login lookup both use
 * it, in binary-collated columns, so no database collation adds a rule of its own. Control and
 * format characters never get this far: {@code Fields.string} refuses them.
 */
final class Identity {

  /** The key columns' size: NFKC can lengthen a string (one ligature becomes several letters). */
  static final int MAX_KEY = 200;
  static final int MAX_EMAIL_KEY = 320;

  private Identity() {
  }

  static String key(String s) {
    String folded = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }
}
