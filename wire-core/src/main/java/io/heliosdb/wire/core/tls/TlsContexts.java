package io.heliosdb.wire.core.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Server TLS contexts for the front ends, and a self-signed certificate for first start. */
public final class TlsContexts {
  /** Validity of a generated certificate. */
  public static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(3650);

  private TlsContexts() {}

  /**
   * A server context from a PEM certificate chain and a PKCS#8 PEM private key. Uses OpenSSL
   * (netty-tcnative BoringSSL) when its native library loads, else the JDK provider.
   */
  public static SslContext server(Path certPem, Path keyPem) {
    SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    try {
      return SslContextBuilder.forServer(certPem.toFile(), keyPem.toFile()).sslProvider(provider).build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot load TLS certificate " + certPem + " / key " + keyPem, e);
    }
  }

  /**
   * Returns {@code [dataDir/tls/server.crt, dataDir/tls/server.key]}, generating a self-signed
   * EC P-256 certificate for localhost (SAN localhost and 127.0.0.1, 10 years) when either is
   * missing. The key file is created with mode 600 where the file system supports it.
   */
  public static synchronized Path[] ensureSelfSigned(Path dataDir) {
    Path dir = dataDir.resolve("tls");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
      return new Path[] {cert, key};
    }
    try {
      Files.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      String certText = pem(selfSigned(pair));
      String keyText = pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate());
      writePrivate(key, keyText);
      Files.writeString(cert, certText, StandardCharsets.US_ASCII);
      return new Path[] {cert, key};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TLS files under " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate", e);
    }
  }

  private static X509CertificateHolder selfSigned(KeyPair pair) throws IOException, OperatorCreationException {
    X500Name subject = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  private static void writePrivate(Path key, String text) throws IOException {
    Files.deleteIfExists(key);
    try {
      Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(key);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("key file appeared concurrently: " + key, e);
    }
    try (Writer w = Files.newBufferedWriter(key, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING)) {
      w.write(text);
    }
  }
}
