// Deciding a case from Java 17 with JNA (Debian's libjna-java), as a single
// source file: java -cp /usr/share/java/jna.jar Decide.java LIBREFERRAL_C RULES CASE.json
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class Decide {
  public interface Referral extends Library {
    int referral_engine_open(PointerByReference out, String path);
    int referral_decide(PointerByReference out, Pointer engine, byte[] json, long len, int trace);
    void referral_string_free(Pointer s);
    String referral_last_errors();
  }

  public static void main(String[] args) throws Exception {
    Referral lib = Native.load(args[0], Referral.class);
    PointerByReference engine = new PointerByReference();
    if (lib.referral_engine_open(engine, args[1]) != 0) throw new RuntimeException(lib.referral_last_errors());
    byte[] json = Files.readAllBytes(Path.of(args[2]));
    PointerByReference out = new PointerByReference();
    if (lib.referral_decide(out, engine.getValue(), json, json.length, 0) != 0) {
      throw new RuntimeException(lib.referral_last_errors());
    }
    String decision = out.getValue().getString(0, StandardCharsets.UTF_8.name());
    lib.referral_string_free(out.getValue());
    System.out.println(decision);
  }
}
