import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { unacknowledgedNagErrors } from './tripline-template.ts';

describe('the cdk-nag check the stack tests rely on', () => {
  it('reports an AwsSolutions error nobody acknowledged', () => {
    // Prepare
    const stack = new Stack(new App(), 'Unchecked');
    new sqs.Queue(stack, 'Plain', {
      encryption: sqs.QueueEncryption.UNENCRYPTED,
    });

    // Act
    const errors = unacknowledgedNagErrors(stack);

    // Assess
    expect(errors).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS3 at Unchecked/Plain/Resource',
        'AwsSolutions-SQS4 at Unchecked/Plain/Resource',
      ])
    );
  });
});
