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
 * jars dropped into its {@code lib/} folder.
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
