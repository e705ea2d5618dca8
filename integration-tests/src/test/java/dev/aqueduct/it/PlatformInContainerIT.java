package dev.aqueduct.it;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomGrant;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import dev.aqueduct.api.spi.RoomPublisher;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.hub.Subscriber;
import dev.aqueduct.core.plugin.PluginInfo;
import dev.aqueduct.crdt.YDoc;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside the deployed application, on a Liberty server of its own that Arquillian starts: what only Java code
 * in the application can reach. The deployment is the EAR the other integration tests use (example plugin jars in
 * its {@code lib/} folder), with this class added to its web module.
 */
@ExtendWith(ArquillianExtension.class)
class PlatformInContainerIT {

    private static final String WEB_MODULE = "aqueduct.war";

    @Inject
    RoomPublisher publisher;

    @Inject
    Platform platform;

    @Deployment
    static EnterpriseArchive deployment() throws IOException {
        File ear = new File(System.getProperty("aqueduct.it.dir", "target/it"), "app/aqueduct.ear");
        EnterpriseArchive archive = ShrinkWrap.create(ZipImporter.class, "aqueduct-in-container.ear")
                .importFrom(ear).as(EnterpriseArchive.class);
        // the web module imported on its own, so that it keeps its name (the adapter looks its context root up in
        // application.xml by that name)
        WebArchive war;
        try (ZipFile zip = new ZipFile(ear); InputStream in = zip.getInputStream(zip.getEntry(WEB_MODULE))) {
            war = ShrinkWrap.create(ZipImporter.class, WEB_MODULE).importFrom(in).as(WebArchive.class);
        }
        war.addClass(PlatformInContainerIT.class);
        archive.delete(WEB_MODULE);
        return archive.addAsModule(war);
    }

    @Test
    void injectedPublisherReachesSubscribersAndHistory() throws Exception {
        RoomId room = RoomId.of("chat:in-container-" + UUID.randomUUID());
        HistoryStore.Position before = platform.hub().history().position(room);
        BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
        Subscriber subscriber = received::add;
        platform.hub().subscribe(room, subscriber);
        try {
            Envelope sent = publisher.publish(room, "notice", "{\"text\":\"from Java\"}");
            assertEquals(before.seq() + 1, sent.seq());
            assertNull(sent.from(), "system messages have no publisher subject");

            Envelope delivered = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(delivered, "the subscriber got nothing");
            assertEquals(sent, delivered);

            HistoryStore.Replay replay = platform.hub().history().since(room, before);
            assertTrue(replay.recovered());
            assertEquals(List.of(sent), replay.messages());
            assertEquals(sent.seq(), replay.current().seq());
        } finally {
            platform.hub().unsubscribe(room, subscriber);
        }
    }

    @Test
    void pluginInEarLibIsLoadedByTheEarLoaderAndSitsInTheGate() {
        PluginInfo info = platform.plugins().listing().stream().filter(p -> p.id().equals("namespace-deny"))
                .findFirst().orElseThrow(() -> new AssertionError("namespace-deny not discovered: "
                        + platform.plugins().listing()));
        assertTrue(info.enabled() && info.healthy(), info.toString());

        RoomAccessPolicy policy = platform.plugins().providers(RoomAccessPolicy.class).stream()
                .filter(p -> p.getClass().getName().startsWith("dev.aqueduct.example.")).findFirst()
                .orElseThrow(() -> new AssertionError("no running policy from the example plugin"));
        String jar = policy.getClass().getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(jar.endsWith("lib/example-room-policy.jar"), jar);
        ClassLoader webModule = Platform.class.getClassLoader();
        assertNotSame(webModule, policy.getClass().getClassLoader());
        assertTrue(isAncestor(policy.getClass().getClassLoader(), webModule),
                "the plugin's loader should be the EAR's, a parent of the web module's: "
                        + policy.getClass().getClassLoader() + " / " + webModule);

        Principal everything = new Principal("in-container", null, Set.of(),
                List.of(RoomGrant.parse("*", "rw")), Map.of(), Instant.now().plusSeconds(600), "test");
        assertTrue(platform.gate().authorize(everything, RoomId.of("chat:open"), Action.WRITE).isAllow());
        assertTrue(platform.gate().authorize(everything, RoomId.of("blocked:room"), Action.WRITE).isDeny(),
                "the plugin's DENY must win over the grant");
    }

    @Test
    void documentChangedFromJavaIsStoredAndPassesThroughTheHooks() {
        String doc = "doc:in-container-" + UUID.randomUUID();
        EditorBinding text = platform.bindings().byFormat("text");
        assertTrue(platform.documents().applyChange(doc,
                state -> text.updateFromJson(state, "{\"text\":\"written from Java\"}"), "in-container"));
        assertEquals("{\"text\":\"written from Java\"}", text.toJson(platform.documents().readState(doc).orElseThrow()));
        DocumentStore.StoredDocument stored = platform.documents().store().load(doc)
                .orElseThrow(() -> new AssertionError("the change was not stored"));
        assertEquals("{\"text\":\"written from Java\"}", text.toJson(replay(stored)), "what the store holds");

        // the word-filter hook of the example plugin (lib/ of the EAR) refuses changes from Java code too
        assertThrows(HookVetoException.class, () -> platform.documents().applyChange(doc,
                state -> text.updateFromJson(state, "{\"text\":\"written from Java, forbidden-word\"}"), "in-container"));
        assertEquals("{\"text\":\"written from Java\"}", text.toJson(platform.documents().readState(doc).orElseThrow()));
    }

    /** The state a stored document adds up to: its snapshot, then its updates. */
    private static byte[] replay(DocumentStore.StoredDocument stored) {
        YDoc d = new YDoc();
        if (stored.snapshot() != null && stored.snapshot().length > 0) {
            d.applyUpdate(stored.snapshot());
        }
        stored.updates().forEach(d::applyUpdate);
        return d.encodeStateAsUpdate();
    }

    private static boolean isAncestor(ClassLoader candidate, ClassLoader of) {
        for (ClassLoader l = of.getParent(); l != null; l = l.getParent()) {
            if (l == candidate) {
                return true;
            }
        }
        return false;
    }
}
