package ai.medscribe.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory as an object store: bucket = subdirectory of the root, key = relative path. Writes go
 * to a temporary file in the target directory and are moved into place atomically. A key is refused
 * ({@link IllegalArgumentException}) when its path leaves the bucket, by name ({@code ..}) or by
 * symbolic link: the real path of the object (or of its nearest existing parent, for an object not
 * yet written) must lie inside the real path of the bucket directory, which must lie inside the
 * real path of the root.
 */
public final class LocalObjectStore implements ObjectStore {

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of an object; refuses any key that would resolve outside its bucket directory. */
    Path file(String bucket, String key) {
        ObjectStore.checkKey(bucket, key);
        Path dir = root.resolve(bucket).normalize();
        Path file = dir.resolve(key).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new IllegalArgumentException("invalid key: leaves its bucket");
        }
        checkRealPath(bucket, key, dir, file);
        return file;
    }

    /**
     * Follows symbolic links: the nearest existing ancestor of {@code file} (or the file) must really
     * be inside the bucket directory, and the bucket directory inside the root. What does not exist
     * yet is below that ancestor by name only (the key has no '..'), so it cannot leave either. A
     * path that cannot be resolved (a directory without permission) is a store failure.
     */
    private void checkRealPath(String bucket, String key, Path dir, Path file) {
        try {
            if (!Files.exists(root)) {
                return; // an empty store: nothing can link anywhere yet
            }
            Path realRoot = root.toRealPath();
            if (!Files.exists(dir)) {
                if (Files.isSymbolicLink(dir)) {
                    throw new IllegalArgumentException("invalid bucket: a dangling symbolic link");
                }
                return;
            }
            Path realDir = dir.toRealPath();
            if (!realDir.startsWith(realRoot)) {
                throw new IllegalArgumentException("invalid bucket: its real path leaves the store");
            }
            Path existing = file;
            while (!existing.equals(dir) && !Files.exists(existing)) {
                if (Files.isSymbolicLink(existing)) {
                    throw new IllegalArgumentException("invalid key: a dangling symbolic link");
                }
                existing = existing.getParent();
            }
            Path real = existing.toRealPath();
            if (!real.startsWith(realDir)) {
                throw new IllegalArgumentException("invalid key: its real path leaves its bucket");
            }
        } catch (IOException e) {
            throw StoreException.failed("resolve", bucket, key, e);
        }
    }

    @Override
    public byte[] read(String bucket, String key) {
        Path file = file(bucket, key);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw StoreException.missing(bucket, key);
        } catch (IOException e) {
            throw StoreException.failed("read", bucket, key, e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType) {
        Path file = file(bucket, key);
        Path temp = null;
        try {
            temp = completeTemp(file, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw StoreException.failed("write", bucket, key, e);
        }
    }

    /**
     * The temporary file, complete, is hard-linked under the key: link(2) fails when the name is
     * taken, so the check and the write are one step, across processes sharing the directory. On a
     * file system without hard links, a move that refuses an existing target (a small race between
     * its check and its rename remains there).
     */
    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] bytes, String contentType) {
        Path file = file(bucket, key);
        Path temp = null;
        try {
            temp = completeTemp(file, bytes);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                Files.move(temp, file);
                temp = null;
            }
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false; // the fallback move found the name taken
        } catch (IOException e) {
            throw StoreException.failed("write", bucket, key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** The bytes, whole, in a new temporary file beside {@code file} (its directory made first). */
    private static Path completeTemp(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".put-", ".tmp");
        try {
            return Files.write(temp, bytes);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    @Override
    public boolean exists(String bucket, String key) {
        Path file = file(bucket, key);
        if (Files.isRegularFile(file)) {
            return true;
        }
        if (Files.exists(file.getParent()) && !Files.isReadable(file.getParent())) {
            throw StoreException.failed("list", bucket, key, new IOException("directory not readable"));
        }
        return false;
    }

    @Override
    public List<String> list(String bucket, String prefix) {
        ObjectStore.checkKey(bucket, "x");
        Path dir = root.resolve(bucket).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".put-"))
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix))
                    .sorted().toList();
        } catch (IOException e) {
            throw StoreException.failed("list", bucket, prefix, e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temp file has a dot name and is never read as an object
            }
        }
    }
}
