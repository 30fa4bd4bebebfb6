import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Build step: writes {@code <file>.sha256} beside a file, in sha256sum's format. The native library's
 * digest ships beside it in the jar, so the loader can check an unpacked copy without inflating the
 * library out of the jar a second time.
 */
public class Sha256File {

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path file = Path.of(args[0]);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String line = HexFormat.of().formatHex(sha256.digest()) + "  " + file.getFileName() + "\n";
        Files.writeString(Path.of(file + ".sha256"), line);
    }
}
