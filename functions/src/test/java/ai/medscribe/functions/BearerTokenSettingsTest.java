package ai.medscribe.functions;

import ai.medscribe.functions.web.BearerTokenPolicy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfigBuilder;

/** With authentication on, a missing issuer or key stops the start instead of serving unverified. */
class BearerTokenSettingsTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withDefaultValues(values).build();
    }

    @Test
    void authenticationOnWithoutIssuerOrKeyRefusesToStart() {
        var policy = new BearerTokenPolicy(true, Optional.empty());
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> policy.checkSettings(null, config(Map.of())));
        assertTrue(none.getMessage().contains("MEDSCRIBE_AUTH_ISSUER") && none.getMessage().contains("MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION"),
                none.getMessage());
        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> policy.checkSettings(null, config(Map.of("mp.jwt.verify.issuer", "https://issuer"))));
        assertTrue(!noKey.getMessage().contains("MEDSCRIBE_AUTH_ISSUER") && noKey.getMessage().contains("MEDSCRIBE_AUTH_ENABLED=false"),
                noKey.getMessage());
        assertThrows(IllegalStateException.class,
                () -> policy.checkSettings(null, config(Map.of("mp.jwt.verify.publickey.location", "/keys/public.pem"))));
        // what application.properties gives when the environment names neither
        assertThrows(IllegalStateException.class, () -> policy.checkSettings(null, config(Map.of(
                "mp.jwt.verify.issuer", BearerTokenPolicy.UNSET,
                "mp.jwt.verify.publickey.location", BearerTokenPolicy.UNCONFIGURED_KEY))));
    }

    @Test
    void authenticationOnWithIssuerAndKeyStarts() {
        var policy = new BearerTokenPolicy(true, Optional.empty());
        assertDoesNotThrow(() -> policy.checkSettings(null, config(Map.of("mp.jwt.verify.issuer", "https://issuer",
                "mp.jwt.verify.publickey.location", "/keys/public.pem"))));
    }

    @Test
    void authenticationOffNeedsNoKey() {
        assertDoesNotThrow(() -> new BearerTokenPolicy(false, Optional.empty()).checkSettings(null, config(Map.of())));
    }
}
