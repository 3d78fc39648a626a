/** The join screen: class id and student name, checked as typed rules say before anything is sent. */
import { useState, type FormEvent } from 'react';
import { validateJoin, type JoinProblems, type JoinRequest } from './join-request.js';
import { ViewerStyleSheet } from './viewer-style-sheet.js';

export interface JoinScreenProps {
  onJoin(request: JoinRequest): void;
  initial?: Partial<JoinRequest>;
  /** Why the last join was refused (by the gateway or the app), shown above the button. */
  refused?: string;
}

export function JoinScreen({ onJoin, initial, refused }: JoinScreenProps) {
  const [values, setValues] = useState<JoinRequest>({ classId: initial?.classId ?? '', student: initial?.student ?? '' });
  const [problems, setProblems] = useState<JoinProblems>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = validateJoin(values);
    if ('problems' in result) return setProblems(result.problems);
    setProblems({});
    onJoin(result.request);
  }

  const field = (name: keyof JoinRequest, label: string, autoComplete: string) => (
    <>
      <label htmlFor={`cc-join-${name}`}>{label}</label>
      <input
        id={`cc-join-${name}`}
        name={name}
        value={values[name]}
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
      <h1>Join a class</h1>
      {field('classId', 'Class', 'off')}
      {field('student', 'Your name', 'nickname')}
      {refused && (
        <p className="cc-refused" role="alert">
          {refused}
        </p>
      )}
      <button type="submit">Join</button>
    </form>
  );
}
