/**
 * The join screen: class id, student name and, when the class server needs one, the student's
 * password — checked as typed rules say before anything is sent. On an open classroom it says
 * that anyone on the network may watch; the password field never keeps what was typed once a
 * join is refused. With school sign-in it first sends the student to the school's provider, then
 * joins under the name the sign-in gave.
 */
import { useState, type FormEvent } from 'react';
import type { LoginMethod } from '@classcast/protocol';
import { validateClassId, validateJoin, type JoinProblems, type JoinRequest } from './join-request.js';
import { ViewerStyleSheet } from './viewer-style-sheet.js';

export interface JoinScreenProps {
  onJoin(request: JoinRequest): void;
  initial?: Partial<JoinRequest>;
  /** Why the last join was refused (by the gateway or the app), shown above the button. */
  refused?: string;
  /** How the class server's students log in; without it, no password is asked and nothing is said. */
  login?: LoginMethod;
  /** School sign-in: who signed in, with the token to join with; absent until the student has. */
  signedIn?: SignedIn;
  /** School sign-in: go to the provider's sign-in (the page leaves), coming back to this class. */
  onSignIn?(classId: string): void;
  /** Where a teacher shares their screen from this server (the gateway's /teach); no link without it. */
  teacherConsoleUrl?: string;
}

export interface SignedIn {
  token: string;
  name: string;
}

export function JoinScreen({ onJoin, initial, refused, login, signedIn, onSignIn, teacherConsoleUrl }: JoinScreenProps) {
  const [values, setValues] = useState<JoinRequest>({ classId: initial?.classId ?? '', student: initial?.student ?? '', password: '' });
  const [problems, setProblems] = useState<JoinProblems>({});
  const needsPassword = login?.method === 'password';
  const signIn = login?.method === 'oidc' ? login : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signIn && !signedIn) {
      const classOnly = validateClassId(values.classId);
      if ('problems' in classOnly) return setProblems(classOnly.problems);
      return onSignIn?.(classOnly.classId);
    }
    // Signed in, the name is the one the school's sign-in gave: the broker takes it from the token.
    const result = validateJoin(signedIn ? { ...values, student: signedIn.name } : values, needsPassword);
    if ('problems' in result) return setProblems(result.problems);
    setProblems({});
    onJoin(signedIn ? { ...result.request, token: signedIn.token } : result.request);
  }

  const field = (name: keyof JoinRequest, label: string, autoComplete: string, type = 'text') => (
    <>
      <label htmlFor={`cc-join-${name}`}>{label}</label>
      <input
        id={`cc-join-${name}`}
        name={name}
        type={type}
        value={values[name] ?? ''}
        autoComplete={autoComplete}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={problems[name] ? `cc-join-${name}-problem` : undefined}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      />
      {problems[name] && (
        <p className="cc-problem" id={`cc-join-${name}-problem`} role="alert">
          {problems[name]}
        </p>
      )}
    </>
  );

  return (
    <form className="cc-join" onSubmit={submit} noValidate>
      <ViewerStyleSheet />
      <p className="cc-brand">classcast</p>
      <h1>Join a class</h1>
      <p className="cc-hint">Your teacher gives you the class name, or a link that fills it in.</p>
      {field('classId', 'Class', 'off')}
      {!signIn && field('student', 'Your name', needsPassword ? 'username' : 'nickname')}
      {needsPassword && field('password', 'Password', 'current-password', 'password')}
      {signedIn && <p className="cc-note">Signed in as {signedIn.name}</p>}
      {login?.method === 'open' && <p className="cc-note">Open classroom: anyone on this network can watch, under any name.</p>}
      {refused && (
        <p className="cc-refused" role="alert">
          {refused}
        </p>
      )}
      <button type="submit">{signIn && !signedIn ? `Sign in with ${signIn.provider}` : 'Join'}</button>
      {teacherConsoleUrl && (
        <p className="cc-teacher-link">
          Teaching? <a href={teacherConsoleUrl}>Share your screen from this browser</a>
        </p>
      )}
    </form>
  );
}
