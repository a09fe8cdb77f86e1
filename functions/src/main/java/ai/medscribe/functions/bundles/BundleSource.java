package ai.medscribe.functions.bundles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.ObjectStore;

/**
 * Where the bundles come from and which versions are there. A model's directory ({@code diffusion/},
 * {@code autoregressive/}) holds one bundle directly (medscribe.json and the rest in it: the layout
 * the training job writes, an {@link #UNVERSIONED} bundle) or numbered versions as TensorFlow Serving
 * lays them out ({@code diffusion/1/}, {@code diffusion/2/}, ...), or both; the unversioned bundle
 * ranks below every number. Other names ({@code .3.partial}, {@code charts}) are not versions. Each
 * version comes with a fingerprint of its files, so that a version refused while it was still being
 * written is tried again once its files change, and not before. The location is a directory, or
 * {@code s3://bucket/prefix}, whose objects are copied to a local directory one version at a time.
 */
public abstract class BundleSource implements AutoCloseable {

    public static final String UNVERSIONED = "unversioned";
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

    /** One version of one model's bundle: its name ("2", or unversioned), rank (newest highest) and fingerprint. */
    record Version(ModelKind kind, String name, long rank, String fingerprint) {

        /** How logs and readiness name it: "diffusion version 2", "diffusion (unversioned)". */
        String label() {
            return kind.id() + (UNVERSIONED.equals(name) ? " (unversioned)" : " version " + name);
        }
    }

    static BundleSource of(String location, Supplier<ObjectStore> s3) {
        return location.startsWith("s3://") ? new S3(location, s3) : new Local(Path.of(location));
    }

    /** The versions there are, newest first; empty when there is none. */
    abstract List<Version> versions(ModelKind kind);

    /** A local directory with the version's files (an object store's are copied first). */
    abstract Path directory(Version version);

    /** Where the model card shared by the bundles would be (beside diffusion/ and autoregressive/). */
    abstract Path root();

    /** Says where a model's versions are looked for, for "missing" reasons. */
    abstract String where(ModelKind kind);

    /** Done with a copied version that was refused (an object store's copy is deleted). */
    void discard(Path directory) {
    }

    @Override
    public void close() {
    }

    static boolean isVersion(String name) {
        return NUMBER.matcher(name).matches();
    }

    static Version version(ModelKind kind, String name, String fingerprint) {
        return new Version(kind, name, UNVERSIONED.equals(name) ? -1 : Long.parseLong(name), fingerprint);
    }

    static List<Version> newestFirst(List<Version> versions) {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparingLong(Version::rank).reversed());
        return sorted;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A directory on this machine (a mounted volume). */
    static final class Local extends BundleSource {

        private final Path root;

        Local(Path root) {
            this.root = root;
        }

        @Override
        List<Version> versions(ModelKind kind) {
            Path dir = root.resolve(kind.id());
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            List<Version> found = new ArrayList<>();
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.toList()) {
                    String name = child.getFileName().toString();
                    if (isVersion(name) && Files.isDirectory(child)) {
                        found.add(version(kind, name, fingerprint(child)));
                    }
                }
            } catch (IOException e) {
                throw new BundleRegistry.BundleException("cannot list " + dir + ": " + e.getMessage());
            }
            if (Files.isRegularFile(dir.resolve(BundleMetadata.FILE_NAME))) {
                found.add(version(kind, UNVERSIONED, fingerprint(dir)));
            }
            return newestFirst(found);
        }

        @Override
        Path directory(Version version) {
            Path dir = root.resolve(version.kind().id());
            return UNVERSIONED.equals(version.name()) ? dir : dir.resolve(version.name());
        }

        @Override
        Path root() {
            return root;
        }

        @Override
        String where(ModelKind kind) {
            return root.resolve(kind.id()).toString();
        }

        /** Path, size and modification time of every file, numbered version directories inside it left out. */
        private static String fingerprint(Path dir) {
            StringBuilder lines = new StringBuilder();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    Path relative = dir.relativize(f);
                    if (relative.getNameCount() > 1 && isVersion(relative.getName(0).toString())) {
                        continue;
                    }
                    lines.append(relative).append(' ').append(Files.size(f)).append(' ')
                            .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
                }
            } catch (IOException | UncheckedIOException e) {
                // a file removed while listing: the fingerprint changes, the version is looked at again next time
                lines.append("unreadable ").append(System.nanoTime());
            }
            return sha256(lines.toString());
        }
    }

    /** An S3 prefix: listed on every look, a version's objects copied to a fresh local directory before it is loaded. */
    static final class S3 extends BundleSource {

        private static final Logger LOG = Logger.getLogger(BundleSource.class);

        private final String url;
        private final String bucket;
        private final String prefix;
        private final Supplier<ObjectStore> stores;
        private ObjectStore store;
        private Path copies;
        private int copied;

        S3(String url, Supplier<ObjectStore> stores) {
            String rest = url.substring("s3://".length());
            int slash = rest.indexOf('/');
            String p = slash < 0 ? "" : rest.substring(slash + 1);
            this.url = url;
            this.bucket = slash < 0 ? rest : rest.substring(0, slash);
            this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
            this.stores = stores;
        }

        @Override
        synchronized List<Version> versions(ModelKind kind) {
            Map<String, List<String>> byVersion = new TreeMap<>();
            String base = prefix + kind.id() + "/";
            for (String key : list(base)) {
                String rest = key.substring(base.length());
                int slash = rest.indexOf('/');
                String first = slash < 0 ? rest : rest.substring(0, slash);
                String name = slash > 0 && isVersion(first) ? first : UNVERSIONED;
                byVersion.computeIfAbsent(name, n -> new ArrayList<>()).add(key);
            }
            List<Version> found = new ArrayList<>();
            byVersion.forEach((name, keys) -> {
                if (!UNVERSIONED.equals(name) || keys.contains(base + BundleMetadata.FILE_NAME)) {
                    found.add(version(kind, name, sha256(String.join("\n", keys.stream().sorted().toList()))));
                }
            });
            return newestFirst(found);
        }

        @Override
        synchronized Path directory(Version version) {
            String base = prefix + version.kind().id() + "/"
                    + (UNVERSIONED.equals(version.name()) ? "" : version.name() + "/");
            try {
                if (copies == null) {
                    copies = Files.createTempDirectory("medscribe-bundles-");
                }
                Path dir = copies.resolve(version.kind().id() + "-" + version.name() + "-" + (++copied));
                int n = 0;
                for (String key : list(base)) {
                    String rest = key.substring(base.length());
                    int slash = rest.indexOf('/');
                    if (key.endsWith("/") || UNVERSIONED.equals(version.name()) && slash > 0
                            && isVersion(rest.substring(0, slash))) {
                        continue;
                    }
                    Path file = dir.resolve(rest).normalize();
                    if (!file.startsWith(dir)) {
                        continue;
                    }
                    Files.createDirectories(file.getParent());
                    Files.write(file, store().read(bucket, key));
                    n++;
                }
                String card = prefix + LoadedBundle.MODEL_CARD;
                if (store().exists(bucket, card)) {
                    Files.write(copies.resolve(LoadedBundle.MODEL_CARD), store().read(bucket, card));
                }
                LOG.infof("copied %d bundle objects of %s from %s", n, version.label(), url);
                return dir;
            } catch (IOException e) {
                throw new BundleRegistry.BundleException("cannot copy " + version.label() + " from " + url
                        + " to a local directory: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new BundleRegistry.BundleException("cannot read " + version.label() + " from " + url + ": "
                        + e.getMessage());
            }
        }

        @Override
        synchronized Path root() {
            return copies;
        }

        @Override
        String where(ModelKind kind) {
            return url + (url.endsWith("/") ? "" : "/") + kind.id() + "/";
        }

        @Override
        void discard(Path directory) {
            deleteTree(directory);
        }

        @Override
        public synchronized void close() {
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // nothing more is read from it
                }
            }
            store = null;
            if (copies != null) {
                deleteTree(copies);
            }
        }

        private List<String> list(String under) {
            try {
                return store().list(bucket, under);
            } catch (RuntimeException e) {
                throw new BundleRegistry.BundleException("cannot list the bundles at " + url + ": " + e.getMessage());
            }
        }

        private ObjectStore store() {
            if (store == null) {
                store = stores.get();
            }
            return store;
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
