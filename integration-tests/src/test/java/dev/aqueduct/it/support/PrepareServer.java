package dev.aqueduct.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Runs before the test server starts: creates the test issuer's key pair (the server trusts its public key through
 * {@code mp.jwt.verify.publickey.location}) and assembles the EAR the way an operator would, with the example plugin
 * jars dropped into its {@code lib/} folder. With a Liberty configuration folder and a port it also writes the server
 * the in-container tests deploy to (see {@link #writeArquillianServer}).
 */
public final class PrepareServer {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        writeKeys(dir.resolve("keys"));
        Path parts = dir.resolve("parts");
        Path app = dir.resolve("app");
        Files.createDirectories(app);
        addToLib(parts.resolve("aqueduct-ear.ear"), List.of(parts.resolve("example-room-policy.jar"),
                parts.resolve("example-sfu-livekit.jar")), app.resolve("aqueduct.ear"));
        Path payara = dir.resolve("payara");
        Files.createDirectories(payara);
        Files.copy(parts.resolve("platform-web.war"), payara.resolve("aqueduct.war"), StandardCopyOption.REPLACE_EXISTING);
        if (args.length == 3) {
            writeArquillianServer(Path.of(args[1]), dir, Integer.parseInt(args[2]));
        }
    }

    /**
     * A user directory with one server, {@code aqueduct-arquillian}, started by the Arquillian Liberty adapter from
     * the build's installation: the shipped {@code server.xml} without the application (the tests deploy their own
     * copy of the EAR to {@code dropins}) and with {@code localConnector-1.0}, through which the adapter deploys and
     * watches applications; the settings the in-container tests rely on go in {@code server.env}.
     */
    static void writeArquillianServer(Path config, Path dir, int port) throws IOException {
        Path server = dir.resolve("arquillian/usr/servers/aqueduct-arquillian");
        Files.createDirectories(server.resolve("dropins"));
        String xml = Files.readString(config.resolve("server.xml"));
        String app = "<enterpriseApplication id=\"aqueduct\"";
        int at = xml.indexOf(app);
        int features = xml.indexOf("</featureManager>");
        if (at < 0 || features < 0) {
            throw new IllegalStateException("server.xml no longer has the shape this step edits: " + config);
        }
        xml = xml.substring(0, at) + xml.substring(xml.indexOf("/>", at) + 2);
        xml = xml.substring(0, features) + "    <feature>localConnector-1.0</feature>\n    " + xml.substring(features);
        Files.writeString(server.resolve("server.xml"), xml);
        Files.writeString(server.resolve("jvm.options"), Files.readString(config.resolve("jvm.options")).strip()
                + "\n-XX:TieredStopAtLevel=1\n");
        Files.writeString(server.resolve("server.env"), String.join("\n",
                "AQUEDUCT_HTTP_PORT=" + port,
                "AQUEDUCT_PLUGIN_NAMESPACE_DENY_NAMESPACES=blocked",
                "AQUEDUCT_PLUGIN_WORD_FILTER_WORDS=forbidden-word",
                "AQUEDUCT_PLUGIN_WORD_FILTER_BINDING=text",
                "MP_OPENAPI_SCAN_DISABLE=true") + "\n");
    }

    private static void writeKeys(Path keys) throws Exception {
        Files.createDirectories(keys);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Files.writeString(keys.resolve("issuer-public.pem"), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
        Files.writeString(keys.resolve("issuer-private.pem"), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void addToLib(Path ear, List<Path> jars, Path out) throws IOException {
        try (ZipFile in = new ZipFile(ear.toFile());
             ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                zos.putNextEntry(new ZipEntry(e.getName()));
                in.getInputStream(e).transferTo(zos);
                zos.closeEntry();
            }
            for (Path jar : jars) {
                zos.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                Files.copy(jar, (OutputStream) zos);
                zos.closeEntry();
            }
        }
    }
}
