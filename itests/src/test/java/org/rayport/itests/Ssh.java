package org.rayport.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/** The Karaf shell over SSH, as an operator reaches it. */
final class Ssh {

    private Ssh() {
    }

    /** Runs one shell command and answers what it printed; throws IOException when the login is refused. */
    static String run(int port, String user, String password, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect(user, "127.0.0.1", port)
                .verify(Duration.ofSeconds(15)).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(Duration.ofSeconds(30));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ClientChannel channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(out);
                channel.open().verify(Duration.ofSeconds(15));
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(60));
            }
            return out.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        } finally {
            client.stop();
        }
    }

    /** True when the server refuses the login. */
    static boolean refuses(int port, String user, String password) {
        try {
            run(port, user, password, "bundle:list");
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
