// Imported first by main.ts, before the router reads the address: a one-time sign-in address (#token=…)
// gives its token to this browser and is cleared from the address bar.
import { takeTokenFromAddress } from './sign-in';

takeTokenFromAddress();
