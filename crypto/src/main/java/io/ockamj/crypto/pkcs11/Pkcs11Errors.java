package io.ockamj.crypto.pkcs11;

import io.ockamj.crypto.pkcs11.Pkcs11Exception.Reason;

import java.nio.file.Path;

/**
 * Turning what SunPKCS11 throws into typed {@link Pkcs11Exception}s: the PKCS#11 return codes are
 * only found in the messages of the cause chain.
 */
final class Pkcs11Errors {

  private Pkcs11Errors() {
  }

  /** The typed failure of loading the module or logging in to the token of a configuration. */
  static Pkcs11Exception openFailure(Throwable e, Path config) {
    String codes = causes(e);
    if (codes.contains("CKR_PIN_INCORRECT") || codes.contains("CKR_PIN_LEN_RANGE")) {
      return new Pkcs11Exception(Reason.WRONG_PIN, "wrong PIN for the PKCS#11 token of " + config, e);
    }
    if (codes.contains("CKR_PIN_LOCKED")) {
      return new Pkcs11Exception(Reason.PIN_LOCKED, "the PIN of the PKCS#11 token of " + config
        + " is locked after too many wrong tries; unlock it with the token's SO PIN", e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("Library ") && m.endsWith(" does not exist")) {
        return new Pkcs11Exception(Reason.MODULE_NOT_FOUND, "PKCS#11 module not found: "
          + m.substring("Library ".length(), m.length() - " does not exist".length()) + " (library in " + config + ")", e);
      }
      if (t.getClass().getName().endsWith("ConfigurationException")) {
        return new Pkcs11Exception(Reason.CONFIG_INVALID, "invalid PKCS#11 configuration " + config + ": " + m, e);
      }
      if (m.contains("slotListIndex is") || m.contains("Slot") && m.contains("not")
        || m.contains("CKR_SLOT_ID_INVALID") || m.contains("CKR_TOKEN_NOT_PRESENT")) {
        return new Pkcs11Exception(Reason.TOKEN_NOT_FOUND, "no token in the slot configured in " + config + ": " + m, e);
      }
    }
    return new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot open the PKCS#11 token of " + config + ": " + deepest(e), e);
  }

  /** Whether a failure says that a key or object handle is no longer valid (the object was deleted). */
  static boolean isMissingObject(Throwable e) {
    String c = causes(e);
    return c.contains("CKR_KEY_HANDLE_INVALID") || c.contains("CKR_OBJECT_HANDLE_INVALID");
  }

  /** Every message of a cause chain, for matching PKCS#11 return codes. */
  static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return b.toString();
  }

  /** The innermost cause's message, which names the PKCS#11 return code. */
  static String deepest(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
