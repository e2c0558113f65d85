/**
 * @module An MSK Serverless cluster with IAM auth and its own VPC, for a
 * self-contained deploy when no cluster exists yet.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';
import type { TriplineDeployConfig } from './config.ts';
import { resourceNamesOf } from './resource-names.ts';

/** MSK's port for IAM-authenticated clients. */
export const MSK_IAM_PORT = 9098;

/** Properties of {@link ServerlessCluster}. */
export interface ServerlessClusterProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
}

/**
 * The cluster sits in isolated subnets. The event source mapping's
 * pollers run in those subnets too, so they reach Lambda, STS and the
 * on-failure destination through VPC endpoints instead of a NAT gateway.
 */
export class ServerlessCluster extends Construct {
  /** The cluster's VPC. */
  readonly vpc: ec2.Vpc;
  /** The cluster; `attrArn` is its ARN. */
  readonly cluster: msk.CfnServerlessCluster;
  /** Admits IAM-authenticated Kafka clients from within itself. */
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ServerlessClusterProps) {
    super(scope, id);
    const { config } = props;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(config.msk.serverless.vpcCidr),
      maxAzs: config.msk.serverless.maxAzs,
      natGateways: 0,
      subnetConfiguration: [
        {
          name: 'cluster',
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 22,
        },
      ],
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'ClusterSecurityGroup', {
      vpc: this.vpc,
      description: 'Tripline MSK Serverless cluster and its pollers',
    });
    this.securityGroup.addIngressRule(
      this.securityGroup,
      ec2.Port.tcp(MSK_IAM_PORT),
      'Kafka over IAM auth from the event source mapping'
    );

    // The mapping's pollers call Lambda and STS, and write failed batches;
    // only they (the cluster's security group) may use the endpoints.
    const endpointGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Tripline VPC endpoints, for the MSK pollers only',
      allowAllOutbound: false,
    });
    endpointGroup.addIngressRule(
      this.securityGroup,
      ec2.Port.HTTPS,
      'AWS APIs from the event source mapping pollers'
    );
    this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
    });
    const services = {
      Lambda: ec2.InterfaceVpcEndpointAwsService.LAMBDA,
      Sts: ec2.InterfaceVpcEndpointAwsService.STS,
      ...(config.msk.onFailure === 'sqs'
        ? { Sqs: ec2.InterfaceVpcEndpointAwsService.SQS }
        : {}),
    };
    for (const [id, service] of Object.entries(services)) {
      this.vpc.addInterfaceEndpoint(id, {
        service,
        securityGroups: [endpointGroup],
        open: false,
      });
    }

    this.cluster = new msk.CfnServerlessCluster(this, 'Cluster', {
      clusterName: resourceNamesOf(config.stackName).serverlessClusterName,
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfigs: [
        {
          subnetIds: this.vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
          securityGroups: [this.securityGroup.securityGroupId],
        },
      ],
    });
  }
}
