package ai.medscribe.functions.bundles;

import java.util.Optional;

/**
 * A loaded bundle while it serves, with the requests using it counted: when a newer version
 * replaces it, it is retired, and closed once the last request that holds a {@link Lease} on it has
 * finished (requests in flight finish on the model they started on; none starts on a retired one).
 */
public final class ServedBundle {

    private final LoadedBundle bundle;
    private final BundleSource.Version version;
    private int users;
    private boolean retired;
    private boolean closed;

    ServedBundle(LoadedBundle bundle, BundleSource.Version version) {
        this.bundle = bundle;
        this.version = version;
    }

    public LoadedBundle bundle() {
        return bundle;
    }

    BundleSource.Version version() {
        return version;
    }

    /** A hold on the bundle for one request; empty once the bundle is retired (read the registry again). */
    synchronized Optional<Lease> lease() {
        if (retired) {
            return Optional.empty();
        }
        users++;
        return Optional.of(new Lease());
    }

    /** No new leases; the model is closed now if no request uses it, else when the last lease is closed. */
    synchronized void retire() {
        retired = true;
        closeIfUnused();
    }

    synchronized boolean closed() {
        return closed;
    }

    private synchronized void release() {
        users--;
        closeIfUnused();
    }

    private void closeIfUnused() {
        if (retired && users == 0 && !closed) {
            closed = true;
            bundle.model().close();
        }
    }

    /** One request's use of the bundle: try-with-resources around everything that runs the model. */
    public final class Lease implements AutoCloseable {

        private boolean released;

        public LoadedBundle bundle() {
            return bundle;
        }

        /** Whether the bundle's model has been closed (retired and no longer used). */
        public boolean modelClosed() {
            return closed();
        }

        @Override
        public void close() {
            synchronized (ServedBundle.this) {
                if (!released) {
                    released = true;
                    release();
                }
            }
        }
    }
}
