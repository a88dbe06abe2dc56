package org.rayport.dicom.net.association;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * DICOM over TLS (PS3.15 annex B, the BCP 195 profiles): both sides authenticate with certificates, and only TLS
 * 1.2 and 1.3 are spoken. Peers are trusted by the certificates in the trust store, not by host name: DICOM nodes
 * are usually addressed by IP and their certificates seldom name them, so the trust store is the allow-list.
 *
 * @param context holds this side's key and the trusted certificates
 * @param protocols TLS versions offered, newest first
 * @param requirePeerCertificate whether an acceptor refuses requesters that present no trusted certificate
 */
public record DicomTls(SSLContext context, List<String> protocols, boolean requirePeerCertificate) {

    /** What the BCP 195 non-downgrading profile allows. */
    public static final List<String> BCP195_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public DicomTls {
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("At least one TLS protocol version is required");
        }
    }

    /**
     * Mutual authentication from key and trust stores (PKCS#12 or JKS, recognised by content).
     *
     * @param keyStore this side's private key and certificate chain
     * @param trustStore the certificates of the peers (or of their CA) this side accepts
     */
    public static DicomTls of(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword)
            throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new DicomTls(context, BCP195_PROTOCOLS, true);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot set up DICOM TLS from " + keyStore + " and " + trustStore + ": "
                    + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new IOException("Key store " + file + " does not exist or is not readable");
        }
        return KeyStore.getInstance(file.toFile(), password);
    }

    /** Layers TLS over a connected socket and completes the handshake as the requester. */
    SSLSocket client(Socket connected) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(connected,
                connected.getInetAddress().getHostAddress(), connected.getPort(), true);
        socket.setSSLParameters(parameters());
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }

    /** A listening socket; handshakes happen on each connection's worker, bounded by the ARTIM timeout. */
    SSLServerSocket server() throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        SSLParameters parameters = parameters();
        parameters.setNeedClientAuth(requirePeerCertificate);
        server.setSSLParameters(parameters);
        return server;
    }

    private SSLParameters parameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        return parameters;
    }
}
