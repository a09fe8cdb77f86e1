package ai.medscribe.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The hashed files of a bundle: the SavedModel, vocab.json and training.json. */
public final class BundleFiles {

    static final String SAVED_MODEL = "saved_model.pb";
    static final String VARIABLES = "variables";
    static final String TRAINING = "training.json";

    private BundleFiles() {
    }

    /** SHA-256 of each hashed file, keyed by its path relative to the bundle, sorted. */
    static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String name : new String[] {SAVED_MODEL, ai.medscribe.text.Tokenizer.FILE_NAME, TRAINING}) {
            out.put(name, sha256(dir.resolve(name)));
        }
        try (Stream<Path> files = Files.walk(dir.resolve(VARIABLES))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), sha256(f));
            }
        }
        return out;
    }

    /** One digest over all: SHA-256 of the "path sha256" lines. */
    public static String combined(Map<String, String> digests) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(digests).forEach((k, v) -> lines.append(k).append(' ').append(v).append('\n'));
        return HexFormat.of().formatHex(digest().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
