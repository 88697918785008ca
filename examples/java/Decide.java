// Deciding a case from Java 17 with JNA (Debian's libjna-java), as a single
// source file: java -cp /usr/share/java/jna.jar Decide.java LIBREFERRAL_C RULES CASE.json
//
// It uses the `_ex` calls, whose errors come back as objects the caller owns:
// a virtual thread may move to another OS thread between two calls, so the
// per-thread referral_last_error() is not for it.
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class Decide {
  public interface Referral extends Library {
    int referral_options_new(PointerByReference out, PointerByReference err);
    int referral_options_set_lang(Pointer options, String lang, PointerByReference err);
    void referral_options_free(Pointer options);
    int referral_engine_open_ex(PointerByReference out, String path, Pointer options, PointerByReference err);
    int referral_decide_ex(PointerByReference out, Pointer engine, byte[] json, long len, Pointer options,
                           PointerByReference err);
    void referral_engine_free(Pointer engine);
    void referral_string_free(Pointer s);
    String referral_error_code(Pointer err);
    String referral_error_message(Pointer err);
    void referral_error_free(Pointer err);
  }

  // Throws the error object's code and message, and frees it.
  static void check(Referral lib, int rc, PointerByReference err) {
    if (rc == 0) return;
    Pointer e = err.getValue();
    String text = lib.referral_error_code(e) + ": " + lib.referral_error_message(e);
    lib.referral_error_free(e);
    throw new RuntimeException(text);
  }

  public static void main(String[] args) throws Exception {
    Referral lib = Native.load(args[0], Referral.class);
    PointerByReference err = new PointerByReference();
    PointerByReference options = new PointerByReference();
    check(lib, lib.referral_options_new(options, err), err);
    check(lib, lib.referral_options_set_lang(options.getValue(), "es", err), err);  // messages in Spanish
    PointerByReference engine = new PointerByReference();
    check(lib, lib.referral_engine_open_ex(engine, args[1], options.getValue(), err), err);
    lib.referral_options_free(options.getValue());  // the engine keeps its own copy

    byte[] json = Files.readAllBytes(Path.of(args[2]));
    PointerByReference out = new PointerByReference();
    check(lib, lib.referral_decide_ex(out, engine.getValue(), json, json.length, null, err), err);
    System.out.println(out.getValue().getString(0, StandardCharsets.UTF_8.name()));
    lib.referral_string_free(out.getValue());

    // A refused case: the error object names the unknown field, in Spanish.
    byte[] bad = "{\"case_id\": \"x\", \"edad\": 3}".getBytes(StandardCharsets.UTF_8);
    try {
      check(lib, lib.referral_decide_ex(out, engine.getValue(), bad, bad.length, null, err), err);
    } catch (RuntimeException e) {
      System.out.println(e.getMessage());
    }
    lib.referral_engine_free(engine.getValue());
  }
}
