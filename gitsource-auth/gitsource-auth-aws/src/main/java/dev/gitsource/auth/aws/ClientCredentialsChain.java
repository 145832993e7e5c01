package dev.gitsource.auth.aws;

import dev.gitsource.auth.PluginHttpClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

/**
 * The AWS SDK's default credentials chain, in its order (system properties, environment, web
 * identity, profile, container, instance metadata), with one difference: web identity's STS
 * requests go through the gitsource client's HTTP ({@link PluginSdkHttpClient}), so the
 * client's TLS options and proxy apply to them. The container and instance metadata endpoints
 * are link-local and reached as the SDK reaches them.
 */
final class ClientCredentialsChain {
    static final Duration STS_TIMEOUT = Duration.ofSeconds(30);

    private ClientCredentialsChain() {}

    /**
     * @param profile the AWS profile, or null for the default
     * @param region the STS region, or null for the SDK's ({@code AWS_REGION}), else us-east-1
     * @param stsEndpoint the STS endpoint, or null for the region's
     * @param http the gitsource client's HTTP
     * @return the chain
     */
    static AwsCredentialsProvider of(String profile, String region, URI stsEndpoint, PluginHttpClient http) {
        List<AwsCredentialsProvider> chain = new ArrayList<>();
        chain.add(SystemPropertyCredentialsProvider.create());
        chain.add(EnvironmentVariableCredentialsProvider.create());
        chain.add(new WebIdentity(region, stsEndpoint, http));
        chain.add(profile == null ? ProfileCredentialsProvider.create() : ProfileCredentialsProvider.create(profile));
        chain.add(ContainerCredentialsProvider.builder().build());
        chain.add(InstanceProfileCredentialsProvider.builder().build());
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(chain).build();
    }

    /** Web identity (a federated token file and a role), asked of STS through the client's HTTP. */
    private static final class WebIdentity implements AwsCredentialsProvider {
        private final String region;
        private final URI stsEndpoint;
        private final PluginHttpClient http;
        private StsWebIdentityTokenFileCredentialsProvider delegate; // guarded by this

        WebIdentity(String region, URI stsEndpoint, PluginHttpClient http) {
            this.region = region;
            this.stsEndpoint = stsEndpoint;
            this.http = http;
        }

        @Override
        public synchronized AwsCredentials resolveCredentials() {
            String tokenFile = SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.getStringValue().orElse(null);
            String role = SdkSystemSetting.AWS_ROLE_ARN.getStringValue().orElse(null);
            if (tokenFile == null || tokenFile.isBlank() || role == null || role.isBlank()) {
                throw SdkClientException.create("web identity is not configured (AWS_WEB_IDENTITY_TOKEN_FILE and"
                        + " AWS_ROLE_ARN)");
            }
            if (delegate == null) {
                String r = region != null ? region : SdkSystemSetting.AWS_REGION.getStringValue().orElse("us-east-1");
                var sts = StsClient.builder().region(Region.of(r)).credentialsProvider(AnonymousCredentialsProvider.create())
                        .httpClient(new PluginSdkHttpClient(http, STS_TIMEOUT));
                if (stsEndpoint != null) {
                    sts.endpointOverride(stsEndpoint);
                }
                var b = StsWebIdentityTokenFileCredentialsProvider.builder().stsClient(sts.build()).roleArn(role.trim())
                        .webIdentityTokenFile(Path.of(tokenFile.trim()));
                SdkSystemSetting.AWS_ROLE_SESSION_NAME.getStringValue().ifPresent(b::roleSessionName);
                delegate = b.build();
            }
            return delegate.resolveCredentials();
        }

        @Override
        public String toString() {
            return "WebIdentityTokenFileCredentialsProvider(via the gitsource client)";
        }
    }
}
