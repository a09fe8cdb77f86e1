package ai.medscribe.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory as an object store: bucket = subdirectory of the root, key = relative path. The
 * store's folder may be writable by others (uploaders on a shared volume), so nothing below the
 * root is trusted to stay as it was between two system calls:
 * <ul>
 * <li><b>No symbolic link is followed below the root.</b> Each operation opens the root directory
 * (the configured path, links in it followed: it is the operator's) as a
 * {@link SecureDirectoryStream} and walks the bucket and every key component relative to the open
 * directory with {@link LinkOption#NOFOLLOW_LINKS} ({@code openat(2)} with {@code O_NOFOLLOW}):
 * a symbolic link anywhere in the path fails the open itself, so swapping a file or a folder for
 * a link between a check and the open cannot redirect it. Such a key is refused
 * ({@link IllegalArgumentException}), links inside the bucket included.</li>
 * <li><b>Only regular files are read</b>, and never more than the reader's limit: the type and
 * size come from {@code fstatat(2)} without following links on the open parent directory, before
 * anything is opened, so a folder, a FIFO or a device is refused ({@link ObjectRefusedException})
 * without being opened, and an object over the limit without being read; the read itself stops
 * after limit + 1 bytes whatever the file grew to.</li>
 * <li><b>Reads have a timeout</b> ({@code timeout}, 10 s by default): a read runs on a small pool
 * of daemon threads and the caller gets a failed {@link StoreException} (retryable) when it is not
 * done in time. Residual window: a regular file swapped for a FIFO between the type check and the
 * open makes the open block; the caller is released at the timeout, the pool thread stays blocked
 * until something opens the FIFO for writing (the pool is bounded, so such races cost read
 * capacity, never request threads).</li>
 * <li><b>Writes</b> go to a temporary file created with {@code O_CREAT|O_EXCL|O_NOFOLLOW} in the
 * target directory (opened as above) and renamed into place relative to that open directory
 * ({@code renameat(2)} through {@link SecureDirectoryStream#move}); the temporary file is deleted
 * in a finally block on every failure path. A missing directory is made by path
 * ({@link Files#createDirectory}; Java has no {@code mkdirat}) and then opened relative to its
 * open parent without following links: a folder swapped for a link at that instant can at worst
 * make one empty directory outside the store, into which nothing is written.</li>
 * <li>{@link #putIfAbsent} first writes the temporary file whole, then claims the key with an
 * empty file created {@code O_EXCL} (exactly one writer of a key gets it, across processes on the
 * same volume) and renames the temporary file over the claim at once. A reader may see that empty
 * claim for the microseconds between; a claim left empty by a crash in that window is taken over
 * after {@link #STALE_CLAIM}.</li>
 * </ul>
 * On a platform whose directory streams are not {@link SecureDirectoryStream} (not Linux), the same
 * walk is done by path: every component is checked with {@code lstat} (no link), files are opened
 * with {@code O_NOFOLLOW} and renamed into place, so the last component is never followed, but a
 * folder swapped for a link between its check and its use is not detected there.
 */
public final class LocalObjectStore implements ObjectStore {

    /** How long a read may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** An empty claim older than this (its writer died between claim and rename) is taken over. */
    static final Duration STALE_CLAIM = Duration.ofSeconds(30);
    private static final String TEMP_PREFIX = ".put-";
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Shared by every store of the process: reads are short, a bounded number of blocked ones is the worst case. */
    private static final ExecutorService READERS = readers();

    private final Path root;
    private final Duration timeout;

    public LocalObjectStore(Path root) {
        this(root, DEFAULT_TIMEOUT);
    }

    public LocalObjectStore(Path root, Duration timeout) {
        this.root = root.toAbsolutePath().normalize();
        this.timeout = timeout;
    }

    private static ExecutorService readers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(32, 32, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(512), r -> {
            Thread t = new Thread(r, "medscribe-store-read-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public Path root() {
        return root;
    }

    /** The components of a key: the folders, then the object's name; a key ending in '/' names a folder. */
    private static String[] components(String bucket, String key) {
        ObjectStore.checkKey(bucket, key);
        return Arrays.stream(key.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    @Override
    public byte[] read(String bucket, String key) {
        return read(bucket, key, Integer.MAX_VALUE - 16);
    }

    @Override
    public byte[] read(String bucket, String key, long maxBytes) {
        String[] parts = components(bucket, key);
        if (key.endsWith("/")) {
            throw ObjectRefusedException.folder(bucket, key);
        }
        Future<byte[]> read;
        try {
            read = READERS.submit(() -> readNow(bucket, key, parts, maxBytes));
        } catch (RejectedExecutionException busy) {
            throw StoreException.failed("read", bucket, key, busy);
        }
        try {
            return read.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            read.cancel(true);
            throw StoreException.failed("read", bucket, key, slow);
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw StoreException.failed("read", bucket, key, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw StoreException.failed("read", bucket, key, e.getCause());
        }
    }

    private byte[] readNow(String bucket, String key, String[] parts, long maxBytes) {
        String name = parts[parts.length - 1];
        try (Dir top = openRoot(false); Dir dir = top.walk(bucket, parts, false)) {
            BasicFileAttributes attrs = dir.attributes(name);
            refuseUnlessRegular(attrs, bucket, key);
            if (attrs.size() > maxBytes) {
                throw ObjectRefusedException.tooLarge(bucket, key, maxBytes);
            }
            try (SeekableByteChannel channel = dir.open(name, Set.of(StandardOpenOption.READ))) {
                return bounded(channel, attrs.size(), maxBytes, bucket, key);
            } catch (IOException e) {
                if (!(e instanceof NoSuchFileException)) {
                    // swapped for a folder or something else since the check: say what it is now
                    refuseUnlessRegular(dir.attributes(name), bucket, key);
                }
                throw e;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw StoreException.missing(bucket, key);
        } catch (IOException e) {
            throw StoreException.failed("read", bucket, key, e);
        }
    }

    /** At most maxBytes + 1 bytes of the channel: more is refused as too large. */
    private static byte[] bounded(SeekableByteChannel channel, long size, long maxBytes, String bucket, String key)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, maxBytes) + 1);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(64 * 1024, maxBytes + 1));
        long total = 0;
        while (true) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), maxBytes + 1 - total));
            int n = channel.read(buffer);
            if (n < 0) {
                return out.toByteArray();
            }
            total += n;
            if (total > maxBytes) {
                throw ObjectRefusedException.tooLarge(bucket, key, maxBytes);
            }
            out.write(buffer.array(), 0, n);
        }
    }

    private static void refuseUnlessRegular(BasicFileAttributes attrs, String bucket, String key) {
        if (attrs.isSymbolicLink()) {
            throw new IllegalArgumentException("invalid key: a symbolic link");
        }
        if (attrs.isDirectory()) {
            throw ObjectRefusedException.folder(bucket, key);
        }
        if (!attrs.isRegularFile()) {
            throw ObjectRefusedException.special(bucket, key);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType) {
        write(bucket, key, bytes, true);
    }

    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] bytes, String contentType) {
        return write(bucket, key, bytes, false);
    }

    private boolean write(String bucket, String key, byte[] bytes, boolean replace) {
        String[] parts = components(bucket, key);
        if (key.endsWith("/")) {
            throw ObjectRefusedException.folder(bucket, key);
        }
        String name = parts[parts.length - 1];
        try (Dir top = openRoot(true); Dir dir = top.walk(bucket, parts, true)) {
            BasicFileAttributes existing = dir.attributesOrNull(name);
            if (existing != null) {
                if (existing.isSymbolicLink()) {
                    throw new IllegalArgumentException("invalid key: a symbolic link");
                }
                if (existing.isDirectory()) {
                    throw ObjectRefusedException.folder(bucket, key);
                }
                if (!replace && !abandonedClaim(existing)) {
                    return false;
                }
            }
            String temp = TEMP_PREFIX + UUID.randomUUID() + ".tmp";
            boolean placed = false;
            try {
                try (SeekableByteChannel out = dir.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                if (!replace && existing == null) {
                    try {
                        dir.open(name, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)).close();
                    } catch (FileAlreadyExistsException taken) {
                        return false;
                    }
                }
                dir.move(temp, name);
                placed = true;
                return true;
            } finally {
                if (!placed) {
                    dir.deleteQuietly(temp);
                }
            }
        } catch (IOException e) {
            throw StoreException.failed("write", bucket, key, e);
        }
    }

    /** An empty file older than {@link #STALE_CLAIM}: a claim whose writer died before its rename. */
    private static boolean abandonedClaim(BasicFileAttributes attrs) {
        return attrs.isRegularFile() && attrs.size() == 0
                && attrs.lastModifiedTime().toInstant().isBefore(java.time.Instant.now().minus(STALE_CLAIM));
    }

    @Override
    public boolean exists(String bucket, String key) {
        String[] parts = components(bucket, key);
        try (Dir top = openRoot(false); Dir dir = top.walk(bucket, parts, false)) {
            BasicFileAttributes attrs = dir.attributes(parts[parts.length - 1]);
            if (attrs.isSymbolicLink()) {
                throw new IllegalArgumentException("invalid key: a symbolic link");
            }
            return attrs.isRegularFile();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        } catch (IOException e) {
            throw StoreException.failed("list", bucket, key, e);
        }
    }

    @Override
    public List<String> list(String bucket, String prefix) {
        ObjectStore.checkKey(bucket, "x");
        List<String> keys = new ArrayList<>();
        try (Dir top = openRoot(false); Dir dir = top.child(bucket, false)) {
            collect(dir, "", prefix, keys, 0);
        } catch (NoSuchFileException | NotDirectoryException | IllegalArgumentException e) {
            return List.of();
        } catch (IOException e) {
            throw StoreException.failed("list", bucket, prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    /** Regular files below {@code dir}, links and temporary files left out. */
    private static void collect(Dir dir, String at, String prefix, List<String> keys, int depth) throws IOException {
        if (depth > 64) {
            return;
        }
        for (String name : dir.names()) {
            BasicFileAttributes attrs = dir.attributesOrNull(name);
            if (attrs == null || attrs.isSymbolicLink()) {
                continue;
            }
            String key = at + name;
            if (attrs.isDirectory()) {
                if (prefix.startsWith(key + "/") || (key + "/").startsWith(prefix)) {
                    try (Dir sub = dir.child(name, false)) {
                        collect(sub, key + "/", prefix, keys, depth + 1);
                    } catch (NoSuchFileException | NotDirectoryException | IllegalArgumentException gone) {
                        // changed while listing
                    }
                }
            } else if (attrs.isRegularFile() && !name.startsWith(TEMP_PREFIX) && key.startsWith(prefix)) {
                keys.add(key);
            }
        }
    }

    /** The root directory, opened (links in the configured path followed: it is the operator's). */
    private Dir openRoot(boolean create) throws IOException {
        if (create) {
            Files.createDirectories(root);
        }
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new SecureDir(secure, root);
        }
        stream.close();
        return new PathDir(root);
    }

    /** An open directory: every name is one component, looked up without following links. */
    private abstract static class Dir implements Closeable {

        final Path path;

        Dir(Path path) {
            this.path = path;
        }

        abstract Dir openChild(String name) throws IOException;

        abstract BasicFileAttributes attributes(String name) throws IOException;

        abstract SeekableByteChannel openFile(String name, Set<OpenOption> options) throws IOException;

        abstract void move(String from, String to) throws IOException;

        abstract void delete(String name) throws IOException;

        abstract List<String> names() throws IOException;

        BasicFileAttributes attributesOrNull(String name) throws IOException {
            try {
                return attributes(name);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /** The folder {@code name}, made when absent and {@code create}; a link there is refused. */
        Dir child(String name, boolean create) throws IOException {
            for (int attempt = 0; ; attempt++) {
                try {
                    return openChild(name);
                } catch (NoSuchFileException absent) {
                    if (!create || attempt > 2) {
                        throw absent;
                    }
                    try {
                        Files.createDirectory(path.resolve(name));
                    } catch (FileAlreadyExistsException made) {
                        // another writer made it: open it
                    }
                } catch (FileSystemException e) {
                    BasicFileAttributes attrs = attributesOrNull(name);
                    if (attrs != null && attrs.isSymbolicLink()) {
                        throw new IllegalArgumentException("invalid key: a symbolic link in its path");
                    }
                    if (attrs != null && !attrs.isDirectory()) {
                        throw new NotDirectoryException(name);
                    }
                    throw e;
                }
            }
        }

        /** The bucket folder, then the key's folders (all components but the last). */
        Dir walk(String bucket, String[] parts, boolean create) throws IOException {
            Dir dir = child(bucket, create);
            try {
                for (int i = 0; i < parts.length - 1; i++) {
                    Dir next = dir.child(parts[i], create);
                    dir.close();
                    dir = next;
                }
                return dir;
            } catch (IOException | RuntimeException e) {
                dir.close();
                throw e;
            }
        }

        /** Opens a file without following a link; a link there is refused. */
        SeekableByteChannel open(String name, Set<OpenOption> options) throws IOException {
            Set<OpenOption> noFollow = new HashSet<>(options);
            noFollow.add(LinkOption.NOFOLLOW_LINKS);
            try {
                return openFile(name, noFollow);
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                throw e;
            } catch (FileSystemException e) {
                BasicFileAttributes attrs = attributesOrNull(name);
                if (attrs != null && attrs.isSymbolicLink()) {
                    throw new IllegalArgumentException("invalid key: a symbolic link");
                }
                throw e;
            }
        }

        void deleteQuietly(String name) {
            try {
                delete(name);
            } catch (IOException ignored) {
                // a dot name: never read or listed as an object
            }
        }
    }

    /** Linux: every operation is relative to the open directory ({@code *at(2)} calls). */
    private static final class SecureDir extends Dir {

        private final SecureDirectoryStream<Path> stream;

        SecureDir(SecureDirectoryStream<Path> stream, Path path) {
            super(path);
            this.stream = stream;
        }

        @Override
        Dir openChild(String name) throws IOException {
            DirectoryStream<Path> child = stream.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
            return new SecureDir((SecureDirectoryStream<Path>) child, path.resolve(name));
        }

        @Override
        BasicFileAttributes attributes(String name) throws IOException {
            return stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }

        @Override
        SeekableByteChannel openFile(String name, Set<OpenOption> options) throws IOException {
            return stream.newByteChannel(Path.of(name), options);
        }

        @Override
        void move(String from, String to) throws IOException {
            stream.move(Path.of(from), stream, Path.of(to));
        }

        @Override
        void delete(String name) throws IOException {
            stream.deleteFile(Path.of(name));
        }

        @Override
        List<String> names() throws IOException {
            // the iterator may be taken once: a fresh stream of the same directory
            try (DirectoryStream<Path> again = stream.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
                List<String> names = new ArrayList<>();
                again.forEach(p -> names.add(p.getFileName().toString()));
                return names;
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /**
     * Elsewhere: by path, each folder checked with lstat before use, files opened with O_NOFOLLOW and
     * renamed into place (the last component is never followed; a folder swapped after its check is).
     */
    private static final class PathDir extends Dir {

        PathDir(Path path) {
            super(path);
        }

        @Override
        Dir openChild(String name) throws IOException {
            Path child = path.resolve(name);
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                throw new IllegalArgumentException("invalid key: a symbolic link in its path");
            }
            if (!attrs.isDirectory()) {
                throw new NotDirectoryException(name);
            }
            return new PathDir(child);
        }

        @Override
        BasicFileAttributes attributes(String name) throws IOException {
            return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        SeekableByteChannel openFile(String name, Set<OpenOption> options) throws IOException {
            return Files.newByteChannel(path.resolve(name), options);
        }

        @Override
        void move(String from, String to) throws IOException {
            Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        void delete(String name) throws IOException {
            Files.deleteIfExists(path.resolve(name));
        }

        @Override
        List<String> names() throws IOException {
            try (var files = Files.list(path)) {
                return files.map(p -> p.getFileName().toString()).toList();
            }
        }

        @Override
        public void close() {
        }
    }
}
