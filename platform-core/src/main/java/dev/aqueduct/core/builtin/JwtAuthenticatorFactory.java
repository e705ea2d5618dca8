package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.Authenticator;
import dev.aqueduct.core.config.Settings;
import dev.aqueduct.core.plugin.CorePluginContext;
import dev.aqueduct.core.security.ClaimMapping;
import dev.aqueduct.core.security.JwtAuthenticator;
import dev.aqueduct.core.security.PublicKeys;
import dev.aqueduct.core.security.TrustedIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * The default authenticator: signed JWTs configured with the MicroProfile JWT keys
 * ({@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.publickey}, {@code mp.jwt.verify.issuer},
 * {@code mp.jwt.verify.audiences}, {@code mp.jwt.verify.clock.skew}), plus the development issuer when it is on.
 */
public final class JwtAuthenticatorFactory implements PluginFactory<Authenticator> {

    public static final String DEFAULT_AUDIENCE = "aqueduct";

    private volatile String problem;
    private volatile int issuerCount;

    @Override
    public String id() {
        return "mp-jwt";
    }

    @Override
    public Class<Authenticator> spi() {
        return Authenticator.class;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Authenticator create(PluginContext context) {
        CorePluginContext core = CorePluginContext.of(context);
        Settings s = core.settings();
        List<TrustedIssuer> issuers = new ArrayList<>();
        Optional<String> location = s.get("mp.jwt.verify.publickey.location");
        Optional<String> inline = s.get("mp.jwt.verify.publickey");
        if (location.isPresent() || inline.isPresent()) {
            String iss = s.get("mp.jwt.verify.issuer").orElseThrow(() -> new IllegalArgumentException(
                    "mp.jwt.verify.issuer must be set when a verification key is configured"));
            VerificationKeyResolver keys = location.isPresent()
                    ? PublicKeys.fromLocation(location.get()) : PublicKeys.fromText(inline.get());
            issuers.add(new TrustedIssuer(iss, keys, audiences(s)));
        }
        core.devIssuer().ifPresent(d -> issuers.add(d.trustedIssuer()));
        issuerCount = issuers.size();
        if (issuers.isEmpty()) {
            problem = "no token issuer is configured (set mp.jwt.verify.publickey.location and mp.jwt.verify.issuer)";
        }
        Duration skew = s.getDuration("mp.jwt.verify.clock.skew", Duration.ofSeconds(30));
        return new JwtAuthenticator(issuers, ClaimMapping.from(s), skew);
    }

    /** The audiences a token must name: {@code mp.jwt.verify.audiences}, by default {@value #DEFAULT_AUDIENCE}. */
    public static List<String> audiences(Settings s) {
        List<String> a = s.getList("mp.jwt.verify.audiences");
        return a.isEmpty() ? List.of(DEFAULT_AUDIENCE) : a;
    }

    @Override
    public PluginHealth health() {
        return problem == null ? new PluginHealth(true, issuerCount + " trusted issuer(s)", java.util.Map.of())
                : PluginHealth.down(problem);
    }
}
