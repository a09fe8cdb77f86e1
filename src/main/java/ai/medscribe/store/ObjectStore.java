package ai.medscribe.store;

/**
 * A bucket/key object store. Keys use '/' as separator; a key with a ".." segment, a leading '/'
 * or a backslash is refused by every implementation ({@link #checkKey}).
 */
public interface ObjectStore {

    /** The object's bytes; {@link StoreException#missing()} when absent, a failed one when unreadable. */
    byte[] read(String bucket, String key);

    /**
     * The object's bytes if it holds at most {@code maxBytes}: a larger object is refused
     * ({@link ObjectRefusedException#tooLarge}) without being read whole, and no more than
     * {@code maxBytes + 1} bytes are ever held. An object that is not a regular file is refused too
     * ({@link ObjectRefusedException}). This default reads the whole object first; the stores
     * override it.
     */
    default byte[] read(String bucket, String key, long maxBytes) {
        byte[] bytes = read(bucket, key);
        if (bytes.length > maxBytes) {
            throw ObjectRefusedException.tooLarge(bucket, key, maxBytes);
        }
        return bytes;
    }

    /**
     * Writes the object atomically: readers see either the old object (or none) or all of the new
     * bytes, never a partial write.
     */
    void put(String bucket, String key, byte[] bytes, String contentType);

    /**
     * Writes the object only if none exists at {@code key}, atomically (as {@link #put}): of several
     * writers of one key, on one machine or many, exactly one writes and the others get false and
     * leave that object intact. True when this call wrote the object.
     */
    boolean putIfAbsent(String bucket, String key, byte[] bytes, String contentType);

    /** Whether the object exists; throws a failed StoreException when the store cannot tell. */
    boolean exists(String bucket, String key);

    /**
     * The keys under {@code prefix} (every depth), sorted; empty when there are none. Used to copy a
     * model bundle stored under a prefix.
     */
    java.util.List<String> list(String bucket, String prefix);

    /**
     * How a key appears in logs and messages: {@code key#} and the first 12 hex digits of the
     * SHA-256 of its UTF-8 bytes. Keys may name a patient, so the key itself is never logged.
     */
    static String logId(String key) {
        if (key == null) {
            return "key#none";
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "key#" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses bucket names and keys that could leave their bucket. */
    static void checkKey(String bucket, String key) {
        if (bucket == null || bucket.isBlank() || !bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("invalid bucket name");
        }
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid key: empty, absolute or with a backslash");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("invalid key: '.' or '..' segment");
            }
        }
    }
}
