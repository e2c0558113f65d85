import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Synthesized,
  shippedConfig,
  synthesize,
  unacknowledgedNagErrors,
} from './tripline-template.ts';

const clusterArn = {
  'Fn::GetAtt': [Match.stringLikeRegexp('MskCluster'), 'Arn'],
};

describe('a self-contained deploy with MSK Serverless and an SQS on-failure queue', () => {
  let synth: Synthesized;

  beforeAll(() => {
    const { msk } = shippedConfig() as { msk: Record<string, unknown> };
    const { clusterArn: _imported, ...rest } = msk;
    synth = synthesize({
      msk: { ...rest, mode: 'serverless', onFailure: 'sqs' },
      removalPolicy: 'destroy',
    });
  });

  it('creates an IAM-authenticated serverless cluster in isolated subnets', () => {
    synth.template.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      ClusterName: 'Tripline-events',
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
    });
    synth.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    synth.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 9098,
      ToPort: 9098,
    });
  });

  it('reaches Lambda and STS through VPC endpoints', () => {
    const endpoints = synth.template.findResources('AWS::EC2::VPCEndpoint');
    const services = JSON.stringify(
      Object.values(endpoints).map((endpoint) => endpoint.Properties)
    );

    expect(services).toMatch(/\.lambda/);
    expect(services).toMatch(/\.sts/);
    expect(services).toMatch(/\.sqs/);
  });

  it('maps the new cluster and keeps failed batches in SQS', () => {
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: clusterArn,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [Match.stringLikeRegexp('FailedRecords'), 'Arn'],
          },
        },
      },
    });
  });

  it('builds the topic ARN from the new cluster ARN', () => {
    synth.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TriggerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
            Resource: {
              'Fn::Join': [
                '',
                Match.arrayWith([':topic/', '/user-tracking-events']),
              ],
            },
          }),
        ]),
      },
    });
  });

  it('deletes the checkpoint table with the stack when told to', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('leaves no cdk-nag AwsSolutions error unacknowledged', () => {
    expect(unacknowledgedNagErrors(synth.stack)).toEqual([]);
  });
});
