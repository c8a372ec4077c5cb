import assert from 'node:assert/strict';
import { it } from 'node:test';
import { errorFromResponse, messageOfBody } from './errors';

it('messageOfBody keeps what an Octopus error body says, without the generic preamble', () => {
  assert.equal(
    messageOfBody({
      ErrorMessage: 'There was a problem with your request.',
      Errors: ['Release 1.0.0 already exists', 'second'],
    }),
    'Release 1.0.0 already exists. second.',
  );
  assert.equal(
    messageOfBody({ ErrorMessage: 'You must be logged in to perform this action.' }),
    'You must be logged in to perform this action.',
  );
  assert.equal(messageOfBody({ Errors: ['a'] }), 'a.'); // api-client says "undefined\na" (contract, appendix A case H)
  assert.equal(messageOfBody({ ErrorMessage: 'Refused', Errors: ['Refused'] }), 'Refused.');
  assert.equal(messageOfBody('<html>'), undefined);
  assert.equal(messageOfBody({}), undefined);
});

it('errorFromResponse keeps the Errors list, help text and kind apart', () => {
  const error = errorFromResponse(
    409,
    { ErrorMessage: 'Conflict', Errors: ['x'], HelpText: 'Try again' },
    { method: 'PUT', url: 'http://o/api/Spaces-1/variables/v' },
  );
  assert.equal(error.kind, 'refused');
  assert.deepEqual(error.details.errors, ['x']);
  assert.equal(error.details.helpText, 'Try again');
  assert.equal(
    errorFromResponse(502, undefined, { method: 'GET', url: 'http://o/api' }).message,
    'The server answered 502 Bad Gateway.',
  );
  assert.equal(errorFromResponse(401, undefined, { method: 'GET', url: 'http://o/api/spaces' }).kind, 'unauthorized');
});
