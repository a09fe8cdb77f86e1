import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A bearer token for the functions on a developer's machine, with nothing but the JDK (a single-file
 * program: {@code java functions/dev-token/DevToken.java DIR [ISSUER] [SUBJECT] [MINUTES] [AUDIENCE]}).
 * The first run writes a key pair into DIR ({@code private-key.pem}, PKCS#8, owner-only; and
 * {@code public-key.pem}, what the functions verify with: MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION); every
 * run prints one RS256 JWT signed with DIR's private key: iss ISSUER (default
 * https://medscribe.local/dev, MEDSCRIBE_AUTH_ISSUER), sub and upn SUBJECT (default dev), valid for
 * MINUTES (default 60), for AUDIENCE (aud; default none: for functions without
 * MEDSCRIBE_AUTH_AUDIENCE). medscribe.sh uses it; a deployment gets its tokens from its identity provider.
 */
public class DevToken {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 5) {
            System.err.println("usage: java DevToken.java DIR [ISSUER] [SUBJECT] [MINUTES] [AUDIENCE]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String issuer = args.length > 1 ? args[1] : "https://medscribe.local/dev";
        String subject = args.length > 2 ? args[2] : "dev";
        long minutes = args.length > 3 ? Long.parseLong(args[3]) : 60;
        String audience = args.length > 4 ? args[4] : null;
        Path privatePem = dir.resolve("private-key.pem");
        if (!Files.exists(privatePem)) {
            writeKeyPair(dir, privatePem);
        }
        System.out.println(sign(readPrivateKey(privatePem), issuer, subject, minutes, audience));
    }

    static void writeKeyPair(Path dir, Path privatePem) throws Exception {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(dir.resolve("public-key.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privatePem, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the directory's own protection applies
        }
    }

    static PrivateKey readPrivateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    static String sign(PrivateKey key, String issuer, String subject, long minutes, String audience) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(issuer) + (audience == null ? "" : ",\"aud\":" + quote(audience)) + ",\"sub\":" + quote(subject) + ",\"upn\":" + quote(subject)
                + ",\"iat\":" + now + ",\"exp\":" + (now + minutes * 60) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64Url(rs256.sign());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
